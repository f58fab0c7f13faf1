import { ipSubject, ipSubjects, isWideIpSubject, wideIpSubject } from './ip-subject';

test('an IPv6 address counts against its /64 and its /48; IPv4 against itself only', () => {
  expect(ipSubjects('2001:db8:1:2::a')).toEqual(['2001:0db8:0001:0002::/64', '2001:0db8:0001::/48']);
  expect(wideIpSubject('2001:db8:1:ffff:1:2:3:4')).toBe(wideIpSubject('2001:db8:1::1'));
  expect(wideIpSubject('2001:db8:2::1')).not.toBe(wideIpSubject('2001:db8:1::1'));
  expect(ipSubjects('10.1.2.3')).toEqual(['10.1.2.3']);
  expect(ipSubjects('::ffff:10.1.2.3')).toEqual(['10.1.2.3']);
  expect(wideIpSubject('10.1.2.3')).toBeUndefined();
});

test('only /48 subjects are wide', () => {
  expect(isWideIpSubject(wideIpSubject('2001:db8::1')!)).toBe(true);
  expect(isWideIpSubject(ipSubject('2001:db8::1'))).toBe(false);
  expect(isWideIpSubject(ipSubject('10.0.0.1'))).toBe(false);
});
