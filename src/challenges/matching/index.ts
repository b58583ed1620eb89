// The gift-exchange matcher's API: what the exchange's job calls. Pure logic: no database, no web.
import { letOthersRun } from '../../jobs/job.types.ts';
import { solveAssignment, type SolveState } from './assignment.ts';
import { buildGraph, type CompatibilityGraph } from './compatibility.ts';
import { arcBetween, repairMutualPairs } from './mutual.repair.ts';
import { buildResult, combined, countMutual, prepare } from './result.ts';

// The types live here with the one entry point (not a barrel: nothing is re-exported).
//
// How a job uses it (the job checks pinProblems and shows the unmatched with their reasons):
//   const result = await matchExchange(input, { onProgress: (done, total) => report(done / total) });
// `matchExchange` awaits letOthersRun() every few augmentations, so a job in the serving process
// leaves the event loop room (yieldEvery: steps between turns; a step is a phase, 64 augmentations
// or 100 sign-ups read); `matchExchangeSync` is the same work in one go (tests, the bench).

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
  /** Steps between two turns given to the event loop (async version; default 1). */
  yieldEvery?: number;
  /** At most this many full solves, the first included, when breaking mutual pairs (default 12); 1: the plain optimum, no repair at all. */
  maxSolves?: number;
  /** Swap recipients to break the mutual pairs the solves left (mutual.repair.ts; default true). */
  localRepair?: boolean;
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

/**
 * Optimal matching: the most participants matched, then (among those) as few mutual pairs as the
 * repair below finds, then the best total score. Mutual pairs: the optimum is found first; for each
 * mutual pair (A gives B, B gives A) one of its two arcs, the lower-scoring first, is forbidden and the
 * whole problem solved again; the new matching is kept only if it matches as many people and has fewer
 * mutual pairs. All pairs are tried together first, then one at a time (each that helps is kept), up to `maxSolves`
 * solves (about 0.3 s each at 2,000 sign-ups: see bench/RESULTS.md).
 * Then a local repair (mutual.repair.ts) swaps recipients between a mutual pair's arc and another arc
 * while that lowers the count, the least score lost first: O(M · Δ²) a round for M pairs left and
 * out-degree Δ, nothing beside the solves. Finding the fewest mutual pairs exactly is a cycle cover
 * without 2-cycles, NP-hard in general, hence a repair and not a guarantee. Pins are kept as given,
 * even a pinned mutual pair.
 */
export async function matchExchange(input: MatchInput, options: MatchOptions = {}): Promise<MatchResult> {
  const steps = runMatcher(input, options);
  const every = Math.max(1, options.yieldEvery ?? 1);
  for (let k = 1; ; k++) {
    const step = steps.next();
    if (step.done) return step.value;
    if (k % every === 0) await letOthersRun();
  }
}

export function matchExchangeSync(input: MatchInput, options: MatchOptions = {}): MatchResult {
  const steps = runMatcher(input, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function* runMatcher(input: MatchInput, options: MatchOptions): Generator<void, MatchResult> {
  const startedAt = performance.now();
  const n = input.participants.length;
  const prepared = prepare(input);
  const { canGive, canReceive } = prepared;
  let givers = 0;
  let recipients = 0;
  for (let i = 0; i < n; i++) {
    givers += canGive[i]!;
    recipients += canReceive[i]!;
  }
  const total = n + Math.min(givers, recipients);
  const progress = options.onProgress ?? (() => {});
  progress(0, total);

  const building = buildGraph(input, prepared.rules, prepared.indexOf, input.exclusions ?? []);
  let graph: CompatibilityGraph;
  for (;;) {
    const step = building.next();
    if (step.done) {
      graph = step.value;
      break;
    }
    progress(step.value, total);
    yield;
  }
  progress(n, total);

  function* solve(forbidden: Uint8Array, reporting: boolean): Generator<void, SolveState> {
    const solving = solveAssignment(graph, canGive, canReceive, forbidden);
    for (;;) {
      const step = solving.next();
      if (step.done) return step.value;
      if (reporting) progress(n + step.value, total);
      yield;
    }
  }

  let forbidden = new Uint8Array(graph.to.length);
  let best = yield* solve(forbidden, true);
  let bestMutual = countMutual(combined(n, prepared, best.recipientOf));
  let solves = 1;
  const maxSolves = options.maxSolves ?? 12;
  while (bestMutual > 0 && solves < maxSolves) {
    // For each mutual pair, its arcs that the solver chose (pins are never undone), weaker first.
    const giveTo = combined(n, prepared, best.recipientOf);
    const choices: number[][] = [];
    for (let a = 0; a < n; a++) {
      const b = giveTo[a]!;
      if (b <= a || giveTo[b] !== a) continue;
      const arcs = [best.recipientOf[a] === b ? arcBetween(graph, a, b) : -1, best.recipientOf[b] === a ? arcBetween(graph, b, a) : -1].filter((e) => e >= 0);
      if (arcs.length > 0) choices.push(arcs.sort((x, y) => graph.score[x]! - graph.score[y]!));
    }
    if (choices.length === 0) break;
    const trials = choices.length > 1 ? [choices.map((arcs) => arcs[0]!)] : [];
    for (const arcs of choices) for (const arc of arcs) trials.push([arc]);
    let improved = false;
    for (const trial of trials) {
      if (solves >= maxSolves) break;
      const tried = Uint8Array.from(forbidden);
      for (const arc of trial) tried[arc] = 1;
      const state = yield* solve(tried, false);
      solves++;
      const mutual = countMutual(combined(n, prepared, state.recipientOf));
      if (state.matched === best.matched && mutual < bestMutual) {
        best = state;
        bestMutual = mutual;
        forbidden = tried;
        improved = true;
        // Go on with the other pairs' arcs: an arc no longer chosen costs a solve and changes nothing.
      }
    }
    if (!improved) break;
  }
  if (bestMutual > 0 && maxSolves > 1 && options.localRepair !== false) repairMutualPairs(graph, canReceive, best.recipientOf, combined(n, prepared, best.recipientOf));
  progress(total, total);
  return buildResult(input, graph, prepared, best.recipientOf, { solves, startedAt });
}
