// Client addresses as the subjects that limits, login back-off, session caps and proofs count by.
import net from 'node:net';

/**
 * The key a client is limited by: an IPv4 address as is, an IPv6 address by its /64 (one customer's
 * allocation; any single host can pick from 2^64 addresses), an IPv4-mapped IPv6 address as its IPv4.
 */
export function ipSubject(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (net.isIPv6(ip)) return `${expandIpv6(ip).slice(0, 4).join(':')}::/64`;
  return ip;
}

/**
 * The wider network of an IPv6 address, its /48 (one site: a customer rotating through its /64s stays inside it);
 * undefined for IPv4 (and IPv4-mapped) addresses, whose own subject is already one address.
 */
export function wideIpSubject(ip: string): string | undefined {
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip) || !net.isIPv6(ip)) return undefined;
  return `${expandIpv6(ip).slice(0, 3).join(':')}::/48`;
}

/** Every address subject a client counts against: its own (IPv6 by /64) and, for IPv6, its /48. */
export function ipSubjects(ip: string): string[] {
  const wide = wideIpSubject(ip);
  return wide ? [ipSubject(ip), wide] : [ipSubject(ip)];
}

/** Whether a subject names a /48 (it gets the wider, higher limit). */
export const isWideIpSubject = (subject: string): boolean => subject.endsWith('::/48');

/** The eight 16-bit groups of an IPv6 address, zero-padded (zone id dropped). */
export function expandIpv6(ip: string): string[] {
  const [addr] = ip.split('%');
  const [head, tail] = addr.includes('::') ? addr.split('::') : [addr, undefined];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  // an embedded IPv4 tail (::ffff:1.2.3.4 style) is two groups
  const expandV4 = (parts: string[]) => parts.flatMap((p) => (p.includes('.') ? ipv4Groups(p) : [p]));
  const h = expandV4(headParts);
  const t = expandV4(tailParts);
  const middle = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...middle, ...t].map((g) => g.toLowerCase().padStart(4, '0'));
}

function ipv4Groups(v4: string): string[] {
  const [a, b, c, d] = v4.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
