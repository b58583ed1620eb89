// The gift-exchange matcher's API: what the exchange's job calls. Pure logic: no database, no web.
// The types live here with the one entry point (not a barrel: nothing is re-exported).
//
// How a job uses it:
//   const result = await matchExchange(input, { onProgress: (done, total) => report(done / total) });
// `matchExchange` awaits letOthersRun() every few augmentations, so a job in the serving process
// leaves the event loop room; `matchExchangeSync` is the same work in one go (tests, the bench).

/** A tag type the exchange's rules name: 'fandom', 'character', 'relationship', 'freeform', … */
export type TagType = string;

/** One request or one offer of a sign-up: tag names (or ids, as strings) per type. */
export interface TagSet {
  tags: Readonly<Record<TagType, readonly string[]>>;
  /** "Any" per type: a request that takes any fandom, an offer to write any character, … */
  any?: Readonly<Record<TagType, boolean>>;
}

export interface Participant {
  id: string;
  requests: readonly TagSet[];
  offers: readonly TagSet[];
}

/**
 * Per tag type: `required` tags in common for a request and an offer to be compatible (0: not
 * required, only scored; a side that lists fewer tags than required must have all of them
 * matched; "any" on either side meets the rule but scores nothing), and `weight`, the points
 * each tag in common adds to the pair's score (whole numbers ≥ 0). Types not named: weight 0.
 */
export interface TypeRule {
  required: number;
  weight: number;
}
export type ExchangeRules = Readonly<Record<TagType, TypeRule>>;

/** A pair fixed by the moderators (giver gives to recipient), or forbidden (an exclusion). */
export interface GiverRecipient {
  giverId: string;
  recipientId: string;
}

export interface MatchInput {
  participants: readonly Participant[];
  rules: ExchangeRules;
  pins?: readonly GiverRecipient[];
  exclusions?: readonly GiverRecipient[];
}

export interface MatchOptions {
  /** Called as the work goes on; `done` reaches `total` at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Augmentations between two turns given to the event loop (async version; default 50). */
  yieldEvery?: number;
}

export interface Assignment {
  giverId: string;
  recipientId: string;
  /** The best overlap score over the giver's offers and the recipient's requests (0 if incompatible). */
  score: number;
  pinned: boolean;
  /** False only for a pin the moderators made between an incompatible pair. */
  compatible: boolean;
  /** The recipient gives to this giver as well: kept only when no other maximum matching was found. */
  mutual: boolean;
}

/**
 * 'no-compatible-giver': nobody offers what they request (or every such giver is excluded);
 * 'lost-to-others': compatible givers exist, but a maximum matching needs them elsewhere.
 * (Likewise for givers: 'no-compatible-recipient' / 'lost-to-others'.)
 */
export type UnmatchedReason = 'no-compatible-giver' | 'no-compatible-recipient' | 'lost-to-others';

export interface Unmatched {
  participantId: string;
  reason: UnmatchedReason;
  /** How many compatible participants they had on that side. */
  compatibleCount: number;
  /** A few of those, best score first, with whom each was matched instead: for hand-matching. */
  candidates: { participantId: string; score: number; matchedWithId: string | null }[];
}

/** A pin that could not be kept: unknown participant, own self, excluded, or a giver or recipient pinned twice. */
export interface PinProblem extends GiverRecipient {
  problem: 'unknown-participant' | 'self' | 'excluded' | 'giver-pinned-twice' | 'recipient-pinned-twice';
}

export interface MatchStats {
  participants: number;
  /** Compatible giver → recipient pairs found (the graph's edges). */
  compatiblePairs: number;
  assignments: number;
  totalScore: number;
  mutualPairs: number;
  /** Full solves run (1, plus those that tried to break mutual pairs). */
  solves: number;
  milliseconds: number;
}

export interface MatchResult {
  assignments: Assignment[];
  /** Participants who give to nobody. */
  unmatchedGivers: Unmatched[];
  /** Participants who receive from nobody. */
  unmatchedRecipients: Unmatched[];
  pinProblems: PinProblem[];
  stats: MatchStats;
}

/** Optimal matching: the most participants matched, then the best total score, mutual pairs only when unavoidable. */
export async function matchExchange(input: MatchInput, options: MatchOptions = {}): Promise<MatchResult> {
  void input;
  void options;
  throw new Error('matchExchange: not written yet');
}

export function matchExchangeSync(input: MatchInput, options: MatchOptions = {}): MatchResult {
  void input;
  void options;
  throw new Error('matchExchangeSync: not written yet');
}
