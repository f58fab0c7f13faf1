// Small validators for query/body parameters; each failure is a 400 that names the parameter.
import { badRequest } from './errors';

type Raw = unknown;

function single(name: string, raw: Raw): string | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw badRequest('invalid_parameter', `${name} must be given once`, { parameter: name });
  if (typeof raw !== 'string' && typeof raw !== 'number') throw badRequest('invalid_parameter', `${name} must be a string`, { parameter: name });
  return String(raw);
}

export function requiredText(name: string, raw: Raw, maxLength: number): string {
  const value = single(name, raw)?.trim();
  if (!value) throw badRequest('invalid_parameter', `${name} is required`, { parameter: name });
  if ([...value].length > maxLength) throw badRequest('invalid_parameter', `${name} must be at most ${maxLength} characters`, { parameter: name });
  return value;
}

export function optionalText(name: string, raw: Raw, maxLength: number): string | undefined {
  const value = single(name, raw)?.trim();
  if (!value) return undefined;
  if ([...value].length > maxLength) throw badRequest('invalid_parameter', `${name} must be at most ${maxLength} characters`, { parameter: name });
  return value;
}

export function intParam(name: string, raw: Raw, fallback: number, min: number, max: number): number {
  const value = single(name, raw);
  if (value === undefined || value === '') return fallback;
  if (!/^-?\d+$/.test(value)) throw badRequest('invalid_parameter', `${name} must be a whole number from ${min} to ${max}`, { parameter: name });
  const n = Number(value);
  if (n < min || n > max) throw badRequest('invalid_parameter', `${name} must be a whole number from ${min} to ${max}`, { parameter: name });
  return n;
}

export function enumParam<T extends string>(name: string, raw: Raw, allowed: readonly T[]): T | undefined {
  const value = single(name, raw);
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw badRequest('invalid_parameter', `${name} must be one of ${allowed.join(', ')}`, { parameter: name, allowed });
  return value as T;
}
