// BENCH-008, FAITHFUL TRANSLITERATION of bench-008-primes.ruchy into TypeScript (written
// for bench/compiled.ts, not part of the Ruchy book's benchmark set).
//
// The book's hand-written TypeScript (../shared/benchmarks/ch21/bench-008-primes.ts) tests
// each candidate only against the primes found so far, up to its square root; the Ruchy
// program (and this file) tests every odd number up to the square root, which does about
// 2.5 times more divisions. This version does exactly the Ruchy program's work, so that
// `ours / this` measures the compiler rather than the algorithm.

function isPrime(n: number): boolean {
  if (n < 2) {
    return false;
  }
  if (n === 2) {
    return true;
  }
  if (n % 2 === 0) {
    return false;
  }
  let i = 3;
  while (i * i <= n) {
    if (n % i === 0) {
      return false;
    }
    i = i + 2;
  }
  return true;
}

function generatePrimes(count: number): number[] {
  const primes: number[] = [];
  let candidate = 2;
  while (primes.length < count) {
    if (isPrime(candidate)) {
      primes.push(candidate);
    }
    candidate = candidate + 1;
  }
  return primes;
}

function main(): void {
  const primes = generatePrimes(10000);
  // Silent for benchmarking
  // Expected: 10000 primes, last one is 104729
  void primes;
}

main();
