import { ActionlineError } from '../../base/errors.ts';

/**
 * Number text for export files. Both forms read back as the same float64 bit for bit: the
 * digits are JavaScript's shortest round-trip digits (Number.prototype.toString), never
 * rounded to milliseconds (that can move a boundary onto the neighbouring frame).
 */

/** Shortest round-trip text, exponent allowed ("1e-7"), as JSON and Python read it. */
export function jsonNumber(value: number, where: string): string {
  if (!Number.isFinite(value)) {
    throw new ActionlineError('BAD_ARGUMENT', `${where}: ${value} is not a finite number`);
  }
  return String(value);
}

/**
 * The same digits written without an exponent ("0.0000001", not "1e-7"): the THUMOS14
 * MATLAB toolkit and spreadsheet users read plain decimals; an exponent is a risk there.
 */
export function plainDecimal(value: number, where: string): string {
  const text = jsonNumber(value, where);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  // Position of the decimal point within `digits` after applying the exponent.
  const point = (dot < 0 ? mantissa.length : dot) + exponent;
  let body: string;
  if (point <= 0) body = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) body = digits + '0'.repeat(point - digits.length);
  else body = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${body}` : body;
}
