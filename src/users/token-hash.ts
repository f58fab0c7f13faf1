// What is stored of every secret handed out (session tokens, mailed links): its SHA-256, so a database leak leaks none.
import crypto from 'node:crypto';

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
