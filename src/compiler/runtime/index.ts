// The runtime library's public surface: everything compiled Ruchy code imports (the
// emitter imports each name used as `$name`), plus the host hooks for runners.

export {
  add, sub, mul, div, rem, pow, neg, bitnot, bitop, addI, subI, mulI, intAdd, intSub, intMul, intDiv, intRem,
  lt, le, gt, ge, eq, ne, truthy, compare, intConst, addN, subN, mulN, isInt, isSafe, trunc, floor, isArr, unF, toF, remF,
} from './ops.js';
export {
  println, printlnStr, printStr, print, eprintln, eprint, format, printlnMacro, printMacro, eprintlnMacro, fstr, fspec, run, errorMessage,
  throwValue, caught, panic, unsupported, noMatch, undefinedName, assert, assertEq, assertNe, tryShort, tryValue,
  tuple, obj, range, repeatArray, defStruct, defEnum, mkStruct, updateStruct, mkTupleStruct, variant, variantStruct,
  impl, implBuiltin, isStructOf, isVariant, isTuple, isTupleMin, isArray, inRange, field, setField, index, setIndex,
  rangeStart, iter, cast, toInt, parseNumber, readFile, writeFile, formatPrintArgs, exit,
} from './core.js';
export { mc0, mc1, mc2, mcN, callMethod, pushTo } from './methods.js';
export { builtin, pathValue, BUILTIN_NAMES } from './builtins.js';
export { display, fdisplay, debug, floatDisplay, rustFloat, toFixedExact, formatSpec } from './display.js';
export { host, setHost, memoryHost, type Host } from './host.js';
export { RFloat, RTuple, RMap, RSet, RRange, REnum, RStruct, RuchyError, mkFloat, Some, Ok, Err, NONE } from './value.js';
