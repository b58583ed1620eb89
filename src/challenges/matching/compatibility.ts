// Which giver may give to which recipient, and how well: the sparse compatibility graph.
// Candidate pairs come from a tag index on the first required type (for each request tag, the givers
// offering it, plus the givers offering "any"), so the graph is built in time proportional to the
// pairs that share a required tag, not n². Only when no type is required is every pair a candidate.
import type { ExchangeRules, GiverRecipient, MatchInput, TagSet } from './index.ts';

/** A tag set with its tags turned into sorted numbers, one array per rule type (in `types` order). */
interface CodedSet {
  tags: Int32Array[];
  any: boolean[];
}

export interface CompatibilityGraph {
  /** Participants by index 0..n-1; a participant is giver g = i and recipient r = i alike. */
  n: number;
  /** Edges out of giver g: start[g] .. start[g+1]-1, each to recipient `to[e]` with `score[e]`. */
  start: Int32Array;
  to: Int32Array;
  score: Int32Array;
  maxScore: number;
  /** Compatible givers of each recipient, counted with exclusions removed. */
  inDegree: Int32Array;
}

export interface CodedRules {
  types: string[];
  required: number[];
  weight: number[];
}

export function codeRules(rules: ExchangeRules): CodedRules {
  const types = Object.keys(rules).sort();
  for (const type of types) {
    const { required, weight } = rules[type]!;
    if (!Number.isInteger(required) || required < 0) throw new RangeError(`rules.${type}.required must be a whole number ≥ 0`);
    if (!Number.isInteger(weight) || weight < 0) throw new RangeError(`rules.${type}.weight must be a whole number ≥ 0`);
  }
  return { types, required: types.map((t) => rules[t]!.required), weight: types.map((t) => rules[t]!.weight) };
}

function intersectionSize(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let count = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      count++;
      i++;
      j++;
    }
  }
  return count;
}

/**
 * The score of an offer for a request, or -1 when the rules' required overlaps do not hold.
 * A type requiring k tags in common is met by "any" on either side, or by min(k, tags listed on
 * the smaller side) tags in common (at least 1), so a request naming one fandom under a rule of two
 * can still be met. The score is Σ weight × tags in common; "any" meets a rule but scores nothing,
 * so a giver who named the recipient's tags is preferred to one who would write anything.
 */
function pairScore(request: CodedSet, offer: CodedSet, rules: CodedRules): number {
  let score = 0;
  for (let t = 0; t < rules.types.length; t++) {
    const shared = intersectionSize(request.tags[t]!, offer.tags[t]!);
    const required = rules.required[t]!;
    if (required > 0 && !request.any[t] && !offer.any[t]) {
      const need = Math.max(1, Math.min(required, request.tags[t]!.length, offer.tags[t]!.length));
      if (shared < need) return -1;
    }
    score += rules.weight[t]! * shared;
  }
  return score;
}

/** Best score over the giver's offers and the recipient's requests, or -1 if no pair is compatible. */
function participantScore(offers: CodedSet[], requests: CodedSet[], rules: CodedRules): number {
  let best = -1;
  for (const request of requests) for (const offer of offers) best = Math.max(best, pairScore(request, offer, rules));
  return best;
}

function coder(rules: CodedRules) {
  const ids = new Map<string, number>();
  const code = (type: string, tag: string) => {
    const key = `${type}\u0000${tag}`;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
  return (set: TagSet): CodedSet => ({
    tags: rules.types.map((type) => Int32Array.from(new Set((set.tags[type] ?? []).map((tag) => code(type, tag)))).sort()),
    any: rules.types.map((type) => Boolean(set.any?.[type])),
  });
}

/** True when some offer of the giver and some request of the recipient name a tag in common (any type). */
export function sharesATag(offers: readonly TagSet[], requests: readonly TagSet[]): boolean {
  for (const offer of offers)
    for (const request of requests)
      for (const [type, tags] of Object.entries(offer.tags)) {
        const wanted = new Set(request.tags[type] ?? []);
        if (tags.some((tag) => wanted.has(tag))) return true;
      }
  return false;
}

/**
 * Builds the graph. `indexOf` maps ids to indexes; `excluded` holds "giver\u0000recipient" keys.
 * Yields after every chunk of recipients so a job can report progress (the value: recipients done).
 */
export function* buildGraph(input: MatchInput, rules: CodedRules, indexOf: Map<string, number>, exclusions: readonly GiverRecipient[]): Generator<number, CompatibilityGraph> {
  const n = input.participants.length;
  const code = coder(rules);
  const offers = input.participants.map((p) => p.offers.map(code));
  const requests = input.participants.map((p) => p.requests.map(code));
  const excluded = new Set<number>();
  for (const { giverId, recipientId } of exclusions) {
    const g = indexOf.get(giverId);
    const r = indexOf.get(recipientId);
    if (g !== undefined && r !== undefined) excluded.add(g * n + r);
  }

  // The index type: the required type whose tags are most spread out would be best; the first
  // required type with the highest requirement is a good enough stand-in and keeps this simple.
  let indexType = -1;
  for (let t = 0; t < rules.types.length; t++) if (rules.required[t]! > 0 && (indexType === -1 || rules.required[t]! > rules.required[indexType]!)) indexType = t;
  const giversByTag = new Map<number, number[]>();
  const anyGivers: number[] = [];
  if (indexType >= 0)
    for (let g = 0; g < n; g++) {
      let any = false;
      for (const offer of offers[g]!) {
        if (offer.any[indexType]) any = true;
        for (const tag of offer.tags[indexType]!) {
          const list = giversByTag.get(tag) ?? [];
          if (list[list.length - 1] !== g) list.push(g);
          giversByTag.set(tag, list);
        }
      }
      if (any) anyGivers.push(g);
    }
  const everyone = Array.from({ length: n }, (_, i) => i);

  // Recipient-major first (that is how candidates are found), turned giver-major at the end.
  const edgeGiver: number[] = [];
  const edgeRecipient: number[] = [];
  const edgeScore: number[] = [];
  const seen = new Int32Array(n).fill(-1);
  let maxScore = 0;
  for (let r = 0; r < n; r++) {
    const candidateLists: number[][] = [];
    if (indexType < 0) candidateLists.push(everyone);
    else {
      candidateLists.push(anyGivers);
      for (const request of requests[r]!) {
        if (request.any[indexType]) candidateLists.push(everyone);
        else for (const tag of request.tags[indexType]!) candidateLists.push(giversByTag.get(tag) ?? []);
      }
    }
    for (const list of candidateLists)
      for (const g of list) {
        if (seen[g] === r || g === r) continue;
        seen[g] = r;
        if (excluded.has(g * n + r)) continue;
        const score = participantScore(offers[g]!, requests[r]!, rules);
        if (score < 0) continue;
        edgeGiver.push(g);
        edgeRecipient.push(r);
        edgeScore.push(score);
        if (score > maxScore) maxScore = score;
      }
    if (r % 100 === 99) yield r + 1;
  }

  const start = new Int32Array(n + 1);
  const inDegree = new Int32Array(n);
  for (let e = 0; e < edgeGiver.length; e++) {
    start[edgeGiver[e]! + 1]!++;
    inDegree[edgeRecipient[e]!]!++;
  }
  for (let g = 0; g < n; g++) start[g + 1]! += start[g]!;
  const fill = start.slice(0, n);
  const to = new Int32Array(edgeGiver.length);
  const score = new Int32Array(edgeGiver.length);
  for (let e = 0; e < edgeGiver.length; e++) {
    const at = fill[edgeGiver[e]!]!++;
    to[at] = edgeRecipient[e]!;
    score[at] = edgeScore[e]!;
  }
  return { n, start, to, score, maxScore, inDegree };
}

/** The score of one pair for a pin (which may join an incompatible pair: -1 then). */
export function pinScore(input: MatchInput, rules: CodedRules, giver: number, recipient: number): number {
  const code = coder(rules);
  return participantScore(input.participants[giver]!.offers.map(code), input.participants[recipient]!.requests.map(code), rules);
}
