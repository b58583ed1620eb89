import type { AppContext } from '../context.ts';
import type { Collection, ExchangeSettings } from '../db/schema.ts';
import type { OutgoingMail } from '../mail/outbox.service.ts';
import type { MatchInput, MatchResult, Unmatched } from './matching/index.ts';
import { EXCHANGE_TYPES, TYPE_LABELS, type Prompt, type TypeRules } from './exchange.schema.ts';

// Between the exchange's rows and the pure matcher (src/challenges/matching/): its input from
// sign-ups and pins, its result as stored on the run and shown, and an assignment's mail.

export interface RunPair {
  giverSignupId: number;
  recipientSignupId: number;
  giverLogin: string;
  recipientLogin: string;
  score: number;
  pinned: boolean;
  compatible: boolean;
  mutual: boolean;
}

export interface RunUnmatched {
  signupId: number;
  login: string;
  side: 'giver' | 'recipient';
  reason: string;
}

export interface RunResult {
  pairs: RunPair[];
  unmatched: RunUnmatched[];
  pinProblems: string[];
  stats: { participants: number; compatiblePairs: number; milliseconds: number };
}

export interface SignupForMatching {
  id: number;
  login: string;
  requests: Prompt[];
  offers: Prompt[];
}

export function matchInput(signups: SignupForMatching[], typeRules: TypeRules, pins: { giverSignupId: number; recipientSignupId: number }[]): MatchInput {
  const toSet = (prompt: Prompt) => ({ tags: Object.fromEntries(Object.entries(prompt.tags).map(([type, names]) => [type, names.map((n) => n.toLowerCase())])) });
  const rules = Object.fromEntries(EXCHANGE_TYPES.filter((t) => typeRules[t]).map((t) => [t, { required: typeRules[t]!.required, weight: 1 }]));
  return {
    participants: signups.map((s) => ({ id: String(s.id), requests: s.requests.map(toSet), offers: s.offers.map(toSet) })),
    rules,
    pins: pins.map((p) => ({ giverId: String(p.giverSignupId), recipientId: String(p.recipientSignupId) })),
  };
}

function reasonText(side: 'giver' | 'recipient', unmatched: Unmatched, logins: Map<string, string>): string {
  if (unmatched.reason === 'no-compatible-giver') return 'Nobody offers what they request.';
  if (unmatched.reason === 'no-compatible-recipient') return 'Nobody requests what they offer.';
  const others = unmatched.candidates.map((c) => logins.get(c.participantId) ?? c.participantId).slice(0, 3);
  const role = side === 'recipient' ? 'could give to them' : 'could receive from them';
  return `Lost to others: ${unmatched.compatibleCount} ${unmatched.compatibleCount === 1 ? 'participant' : 'participants'} ${role} (${others.join(', ')}), but each was needed elsewhere to match the most people.`;
}

export function runResult(signups: SignupForMatching[], result: MatchResult): RunResult {
  const logins = new Map(signups.map((s) => [String(s.id), s.login]));
  const login = (id: string) => logins.get(id) ?? id;
  return {
    pairs: result.assignments.map((a) => ({
      giverSignupId: Number(a.giverId),
      recipientSignupId: Number(a.recipientId),
      giverLogin: login(a.giverId),
      recipientLogin: login(a.recipientId),
      score: a.score,
      pinned: a.pinned,
      compatible: a.compatible,
      mutual: a.mutual,
    })),
    unmatched: [
      ...result.unmatchedRecipients.map((u) => ({ signupId: Number(u.participantId), login: login(u.participantId), side: 'recipient' as const, reason: `Gets no gift. ${reasonText('recipient', u, logins)}` })),
      ...result.unmatchedGivers.map((u) => ({ signupId: Number(u.participantId), login: login(u.participantId), side: 'giver' as const, reason: `Gives no gift. ${reasonText('giver', u, logins)}` })),
    ],
    pinProblems: result.pinProblems.map((p) => `${login(p.giverId)} → ${login(p.recipientId)}: ${p.problem.replace(/-/g, ' ')}`),
    stats: { participants: result.stats.participants, compatiblePairs: result.stats.compatiblePairs, milliseconds: result.stats.milliseconds },
  };
}

/** A prompt as lines of text: "Fandoms: A, B" per type, then the note. */
export function promptLines(prompt: Prompt): string[] {
  const lines = EXCHANGE_TYPES.filter((t) => (prompt.tags[t] ?? []).length > 0).map((t) => `${TYPE_LABELS[t].many[0]!.toUpperCase()}${TYPE_LABELS[t].many.slice(1)}: ${prompt.tags[t]!.join(', ')}`);
  if (prompt.note) lines.push(`Prompt: ${prompt.note}`);
  return lines;
}

export function assignmentMail(
  ctx: AppContext,
  collection: Collection,
  settings: ExchangeSettings,
  a: { id: number; key: string; giverLogin: string; giverEmail: string; giverUserId: number; recipientLogin: string; requests: Prompt[]; pinchHit?: boolean },
): OutgoingMail {
  const requests = a.requests.map((r, i) => [`Request ${i + 1}`, ...promptLines(r).map((l) => `  ${l}`)].join('\n')).join('\n\n');
  const due = settings.assignmentsDueAt ? `\nDue: ${new Date(settings.assignmentsDueAt).toUTCString()}` : '';
  return {
    key: a.key,
    to: a.giverEmail,
    userId: a.giverUserId,
    subject: `[${collection.title}] ${a.pinchHit ? 'Your pinch-hit assignment' : 'Your assignment'}: a gift for ${a.recipientLogin}`,
    text: [
      `Hello ${a.giverLogin},`,
      '',
      `${a.pinchHit ? 'Thank you for pinch hitting in' : 'Your assignment in'} ${collection.title}: you are writing for ${a.recipientLogin}.${due}`,
      '',
      'They requested:',
      '',
      requests,
      '',
      `Your assignments: ${ctx.config.baseUrl}/users/${encodeURIComponent(a.giverLogin)}/assignments`,
      'Keep it secret until the reveal.',
    ].join('\n'),
  };
}
