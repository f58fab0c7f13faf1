// Request and response schemas for accounts and saved lists: they validate, type the handlers and feed OpenAPI.
import { z, ISODate } from '../platform/api';
import { AGE_BANDS, GENDERS } from '../core/demographics';
import { KEY_SHIFT_RANGE, MAX_NOTE_CHARS } from './lists';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// bcrypt only reads the first 72 bytes; longer passwords would silently collide
const MAX_PASSWORD_BYTES = 72;
const MIN_PASSWORD_CHARS = 8;
const MAX_AGE = 120;

export const Email = z
  .string({ error: 'email is required' })
  .trim()
  .toLowerCase()
  .min(1, 'email is required')
  .max(254, 'email must look like name@example.com')
  .regex(EMAIL, 'email must look like name@example.com');

export const NewPassword = z
  .string({ error: 'password is required' })
  .refine((s) => [...s].length >= MIN_PASSWORD_CHARS, `password must be at least ${MIN_PASSWORD_CHARS} characters`)
  .refine(
    (s) => Buffer.byteLength(s, 'utf8') <= MAX_PASSWORD_BYTES,
    `password must be at most ${MAX_PASSWORD_BYTES} bytes`,
  )
  .openapi({
    minLength: MIN_PASSWORD_CHARS,
    description: `at least ${MIN_PASSWORD_CHARS} characters, at most ${MAX_PASSWORD_BYTES} bytes`,
  });

const Gender = z.enum(GENDERS, { error: `gender must be one of ${GENDERS.join(', ')} (or null)` }).nullable();

// checked against the current year when the request arrives
const BirthYear = z
  .number({ error: 'birth_year must be a whole number (or null)' })
  .int('birth_year must be a whole number')
  .refine(
    (y) => y >= new Date().getUTCFullYear() - MAX_AGE && y <= new Date().getUTCFullYear(),
    `birth_year must be within the last ${MAX_AGE} years`,
  )
  .nullable()
  .openapi({ description: `a year within the last ${MAX_AGE} years; with gender it picks the trending segment` });

const DisplayName = z
  .string({ error: 'display_name must be a string' })
  .trim()
  .refine((s) => [...s].length <= 50, 'display_name must be at most 50 characters')
  .transform((s) => s || null)
  .nullable();

/** How a sign-in answers: 'bearer' (default: a token in the body, for API clients) or 'cookie' (the web app). */
export const SessionMode = z
  .enum(['cookie', 'bearer'], { error: 'session must be cookie or bearer' })
  .optional()
  .openapi({
    description:
      '"cookie": the session is set as an HttpOnly cookie (plus a CSRF cookie) and the body has no token; same as the X-Norae-Session: cookie header',
  });

export const SignUpBody = z
  .object({
    email: Email,
    password: NewPassword,
    display_name: DisplayName.optional().transform((v) => v ?? null),
    gender: Gender.optional().transform((v) => v ?? null),
    birth_year: BirthYear.optional().transform((v) => v ?? null),
    session: SessionMode,
  })
  .openapi('SignUp');
export type SignUpInput = z.output<typeof SignUpBody>;

export const LogInBody = z
  .object({
    email: Email,
    password: z.string({ error: 'password is required' }).min(1, 'password is required'),
    session: SessionMode,
  })
  .openapi('LogIn');
export type LogInInput = z.output<typeof LogInBody>;

export const ProfilePatchBody = z
  .strictObject({ display_name: DisplayName.optional(), gender: Gender.optional(), birth_year: BirthYear.optional() })
  .openapi('ProfilePatch');
export type ProfilePatch = z.output<typeof ProfilePatchBody>;

export const Profile = z
  .object({
    id: z.number().int(),
    email: z.string().nullable(),
    email_verified: z
      .boolean()
      .openapi({ description: 'the account proved it receives mail at email (verification or reset link, or Kakao)' }),
    pending_email: z.string().nullable().openapi({
      description:
        'an address signed up with while an unverified account held it: its verification link makes it email',
    }),
    display_name: z.string().nullable(),
    gender: z.enum(GENDERS).nullable(),
    birth_year: z.number().int().nullable(),
    age_band: z.enum(AGE_BANDS).nullable(),
    kakao_linked: z.boolean(),
    created_at: ISODate,
  })
  .openapi('Profile');

export const Session = z.object({ token: z.string(), expires_at: ISODate, user: Profile }).openapi('Session');

export const CookieSession = z
  .object({
    expires_at: ISODate,
    user: Profile,
    csrf_token: z.string().openapi({
      description: 'send it as X-CSRF-Token on every POST/PUT/PATCH/DELETE (it is also in the norae_csrf cookie)',
    }),
  })
  .openapi('CookieSession');

/** What a sign-in answers: a bearer token, or (session "cookie") the cookies and the CSRF token. */
export const SignedIn = z.union([Session, CookieSession]);

const LinkToken = z
  .string({ error: 'token is required' })
  .min(1, 'token is required')
  .max(200, 'token is not a link token');
export const VerifyEmailBody = z.object({ token: LinkToken }).openapi('VerifyEmail');
export const PasswordResetBody = z.object({ email: Email }).openapi('PasswordReset');
export const PasswordResetConfirmBody = z
  .object({ token: LinkToken, password: NewPassword })
  .openapi('PasswordResetConfirm');

export const ListName = z
  .object({
    name: z
      .string({ error: 'name is required' })
      .trim()
      .min(1, 'name is required')
      .refine((s) => [...s].length <= 100, 'name must be at most 100 characters'),
  })
  .openapi('ListName');

export const SongListSummary = z
  .object({
    id: z.number().int(),
    name: z.string(),
    song_count: z.number().int(),
    created_at: ISODate,
    updated_at: ISODate,
  })
  .openapi('SongListSummary');

export const SongListEntry = z
  .object({
    song_id: z.number().int(),
    position: z.number().int(),
    title: z.string(),
    artist: z.string(),
    tj_no: z.string().nullable(),
    ky_no: z.string().nullable(),
    added_at: ISODate,
    key_shift: z
      .number()
      .int()
      .min(-KEY_SHIFT_RANGE)
      .max(KEY_SHIFT_RANGE)
      .nullable()
      .openapi({ description: 'semitones from the original key the singer uses' }),
    note: z.string().nullable(),
    withdrawn: z
      .boolean()
      .openapi({ description: 'the brands no longer list this song: it stays in the list but is left out of search' }),
  })
  .openapi('SongListEntry');

const positionMessage = 'position must be a whole number from 0';
export const EntryPatch = z
  .strictObject({
    position: z
      .number({ error: positionMessage })
      .int(positionMessage)
      .min(0, positionMessage)
      .optional()
      .openapi({ description: '0-based; clamped to the end of the list' }),
    key_shift: z
      .number({ error: `key_shift must be a whole number from -${KEY_SHIFT_RANGE} to ${KEY_SHIFT_RANGE} (or null)` })
      .int(`key_shift must be a whole number from -${KEY_SHIFT_RANGE} to ${KEY_SHIFT_RANGE}`)
      .min(-KEY_SHIFT_RANGE, `key_shift must be from -${KEY_SHIFT_RANGE} to ${KEY_SHIFT_RANGE}`)
      .max(KEY_SHIFT_RANGE, `key_shift must be from -${KEY_SHIFT_RANGE} to ${KEY_SHIFT_RANGE}`)
      .nullable()
      .optional()
      .openapi({ description: 'the key memo: semitones up (+) or down (-) from the original; null clears it' }),
    note: z
      .string({ error: 'note must be a string (or null)' })
      .trim()
      .refine((s) => [...s].length <= MAX_NOTE_CHARS, `note must be at most ${MAX_NOTE_CHARS} characters`)
      .transform((s) => s || null)
      .nullable()
      .optional()
      .openapi({ description: 'a short note; empty or null clears it' }),
  })
  .refine((b) => b.position !== undefined || b.key_shift !== undefined || b.note !== undefined, {
    message: 'send position, key_shift or note',
    path: ['position'],
  })
  .openapi('EntryPatch');

export const SongList = SongListSummary.extend({ songs: z.array(SongListEntry) }).openapi('SongList');
