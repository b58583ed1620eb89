import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

// Times are ISO-8601 UTC strings on both engines: they sort as text, read the same in
// SQLite and PostgreSQL, and need no driver-specific parsing. Booleans are 0/1 integers
// for the same reason.
type Timestamp = string;
type Flag = number;

export interface UsersTable {
  id: Generated<number>;
  login: string;
  loginKey: string;
  email: string;
  emailKey: string;
  passwordHash: string;
  role: string;
  showAdultContent: Generated<Flag>;
  /** Migration 021: visits are kept in the reading history. */
  historyEnabled: Generated<Flag>;
  /** Migration 024: when the current address was confirmed by its link; null while unconfirmed. */
  emailConfirmedAt: Generated<Timestamp | null>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface PseudsTable {
  id: Generated<number>;
  userId: number;
  name: string;
  nameKey: string;
  description: string | null;
  isDefault: Flag;
  createdAt: Timestamp;
}

/** A single-use token sent by account mail (migration 024); only its hash is kept. */
export interface AccountTokensTable {
  id: Generated<number>;
  tokenHash: string;
  purpose: string;
  userId: number;
  address: string;
  createdAt: Timestamp;
  expiresAt: Timestamp;
  usedAt: Timestamp | null;
}

export interface SessionsTable {
  tokenHash: string;
  userId: number;
  createdAt: Timestamp;
  expiresAt: Timestamp;
}

/** One log-in limit's counter (migration 012): an account, an address, or an account at a known address. */
export interface LoginThrottlesTable {
  keyHash: string;
  failures: number;
  lastAttemptAt: Timestamp;
}

/** Where an account has logged in successfully, as a hash of the account and the address. */
export interface KnownLoginsTable {
  keyHash: string;
  loggedInAt: Timestamp;
}

export interface TagsTable {
  id: Generated<number>;
  type: string;
  name: string;
  nameKey: string;
  urlName: string;
  isCanonical: Generated<Flag>;
  mergerId: number | null;
  createdAt: Timestamp;
}

export interface WorksTable {
  id: Generated<number>;
  title: string;
  summary: string | null;
  notes: string | null;
  endNotes: string | null;
  language: string;
  isDraft: Flag;
  isRestricted: Flag;
  /** When a posted work was taken out of sight (see works/work.visibility.ts), and why. */
  hiddenAt: Timestamp | null;
  hiddenReason: string | null;
  /** Derived (src/works/derived.repository.ts): expected chapters reached. */
  isComplete: Generated<Flag>;
  expectedChapters: number | null;
  /** Derived: the sum and the count of its chapters. */
  wordCount: Generated<number>;
  chapterCount: Generated<number>;
  submissionKey: string | null;
  publishedAt: Timestamp | null;
  updatedAt: Timestamp;
  createdAt: Timestamp;
  /** Lower-cased title without a leading article, for sorting as AO3 does. */
  sortTitle: Generated<string>;
  /** Derived: lower-cased name of the first approved creator, for sorting by creator. */
  creatorSort: Generated<string>;
  kudosCount: Generated<number>;
  commentCount: Generated<number>;
  bookmarkCount: Generated<number>;
  hitCount: Generated<number>;
  /** Who may comment: 'everyone' | 'registered' | 'nobody' (migration 015). */
  commentPermission: Generated<string>;
  /** New comments wait for a creator's approval. */
  moderateComments: Generated<Flag>;
  /** Derived (migration 028): in a collection that is anonymous now; see work.visibility.ts. */
  inAnonCollection: Generated<Flag>;
  /** Derived (migration 028): in a collection that is unrevealed now. */
  inUnrevealedCollection: Generated<Flag>;
}

export interface CreatorshipsTable {
  workId: number;
  pseudId: number;
  position: number;
  isApproved: Flag;
  createdAt: Timestamp;
}

export interface ChaptersTable {
  id: Generated<number>;
  workId: number;
  position: number;
  title: string | null;
  summary: string | null;
  notes: string | null;
  endNotes: string | null;
  body: string;
  wordCount: number;
  submissionKey: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface WorkTagsTable {
  workId: number;
  tagId: number;
}

/** A fandom parent of a character, relationship or additional tag. */
export interface TagParentsTable {
  childId: number;
  parentId: number;
}

/** A direct meta/sub link between two canonical tags of one type. */
export interface MetaTagsTable {
  subTagId: number;
  metaTagId: number;
}

/** A work's precomputed filter set: canonical tags and inherited metatags. */
export interface WorkFiltersTable {
  workId: number;
  tagId: number;
  isInherited: Generated<Flag>;
}

export interface JobsTable {
  id: Generated<number>;
  name: string;
  /** JSON text, the same on both engines. */
  payload: string;
  runAt: Timestamp;
  attempts: Generated<number>;
  maxAttempts: number;
  lockedUntil: Timestamp | null;
  lockedBy: string | null;
  lastError: string | null;
  failedAt: Timestamp | null;
  createdAt: Timestamp;
}

/**
 * The full-text index (src/search), one row per work. On PostgreSQL a table keyed by work_id
 * that also holds the tsvector columns `document`, `tags_vector` and `creators_vector` and the
 * word pairs `pairs` (migration 007); on
 * SQLite an FTS5 table whose rowid is the work id. Search queries are raw SQL per engine;
 * this type covers the columns both share.
 */
export interface WorkSearchTable {
  workId: number;
  title: string;
  summary: string;
  tags: string;
  creators: string;
  body: string;
}

export interface ImportBatchesTable {
  id: Generated<number>;
  archivistId: number;
  archiveName: string | null;
  listName: string | null;
  startedAt: Timestamp;
  finishedAt: Timestamp | null;
  filesRead: Generated<number>;
  worksImported: Generated<number>;
  worksPresent: Generated<number>;
  skipped: Generated<number>;
  repairs: Generated<number>;
  flags: Generated<number>;
}

export interface ImportedWorksTable {
  workId: number;
  batchId: number;
  /** SHA-256 of the work's normalised content: a second import of it changes nothing. */
  contentHash: string;
  archiveName: string | null;
  listName: string | null;
  /** JSON array of source paths. */
  sources: string;
  /** JSON array of { label, value }: the original header as the source wrote it. */
  originalHeader: string;
  encoding: string;
  archiveConsent: string | null;
  removalRequestedAt: Timestamp | null;
  createdAt: Timestamp;
}

export interface ImportFlagsTable {
  id: Generated<number>;
  batchId: number;
  workId: number | null;
  source: string | null;
  code: string;
  detail: string;
}

export interface ExternalCreatorsTable {
  id: Generated<number>;
  name: string;
  nameKey: string;
  /** Private contact for claim invitations; never shown. */
  email: string | null;
  emailKey: string | null;
  isBlocked: Generated<Flag>;
  createdAt: Timestamp;
}

export interface ExternalCreatorshipsTable {
  workId: number;
  externalCreatorId: number;
  position: number;
  state: Generated<string>;
  decidedAt: Timestamp | null;
}

/** One record of an archive imported whole (eFiction), and what it became here (migration 018). */
export interface LegacyIdsTable {
  source: string;
  /** 'story' | 'chapter' | 'author' | 'series' | 'challenge'. */
  kind: string;
  legacyId: number;
  newId: number | null;
  /** JSON of rows kept to be linked later (series, challenges). */
  data: string | null;
  createdAt: Timestamp;
}

export interface ClaimInvitationsTable {
  id: Generated<number>;
  externalCreatorId: number;
  tokenHash: string;
  createdAt: Timestamp;
  expiresAt: Timestamp;
  usedAt: Timestamp | null;
}

export interface ClaimEventsTable {
  id: Generated<number>;
  event: string;
  /** No foreign key: the record outlives the work. */
  workId: number | null;
  workTitle: string | null;
  batchId: number | null;
  contentHash: string | null;
  externalCreatorId: number | null;
  actorId: number | null;
  actorLogin: string | null;
  note: string | null;
  createdAt: Timestamp;
}

export interface BlockedTagsTable {
  userId: number;
  tagId: number;
  createdAt: Timestamp;
}

export interface BlockedCreatorsTable {
  userId: number;
  blockedUserId: number;
  createdAt: Timestamp;
}

export interface SavedSearchesTable {
  id: Generated<number>;
  userId: number;
  name: string;
  path: string;
  createdAt: Timestamp;
}

/** One reader's kudos on a work (migration 013): an account's, or a guest's by keyed address. */
export interface KudosTable {
  id: Generated<number>;
  workId: number;
  /** Null for a guest, and for an account deleted since (its kudos stay counted). */
  userId: number | null;
  /** HMAC of the guest's address (src/feedback/guest.key.ts); null for an account. */
  guestKey: string | null;
  createdAt: Timestamp;
}

/** A random key the archive made for itself, once, and keeps (the guest key's). */
export interface SiteSecretsTable {
  name: string;
  value: string;
  createdAt: Timestamp;
}

/** A reader's bookmark (migration 014): of a work here, or of a story elsewhere by its address. */
export interface BookmarksTable {
  id: Generated<number>;
  userId: number;
  /** Null for an off-site story, and for a work deleted since. */
  workId: number | null;
  url: string | null;
  /** The off-site story's title; for a work, its title when bookmarked (shown once it is deleted). */
  title: string;
  creator: string | null;
  /** Cleaned HTML, off-site stories only. */
  summary: string | null;
  /** Cleaned HTML. */
  notes: string | null;
  isPrivate: Generated<Flag>;
  isRec: Generated<Flag>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** Migration 029: a bookmark of a series; null otherwise, and for a series deleted since. */
  seriesId: Generated<number | null>;
}

/** The bookmarker's own tag on a bookmark. */
export interface BookmarkTagsTable {
  bookmarkId: number;
  name: string;
  nameKey: string;
}

/** Migration 015 says how threads are stored (a materialised path). */
export interface CommentsTable {
  id: Generated<number>;
  workId: number;
  chapterId: number;
  parentId: number | null;
  /** The parent's path and this comment's place among its siblings (6 base-36 characters). */
  path: string;
  /** 0 for a comment on the chapter, 1 for a reply to it, … */
  depth: number;
  /** Null for a guest, and for an account deleted since. */
  userId: number | null;
  pseudId: number | null;
  guestName: string | null;
  /** An imported review's writer, when they are one of the imported archive's authors (migration 022). */
  externalCreatorId: Generated<number | null>;
  /** Never shown to anyone; kept for replies by mail. */
  guestEmail: string | null;
  /** Keyed hash of the address it came from (rate limits and spam rules count by it). */
  addressKey: string | null;
  /** Cleaned HTML; empty for a deleted comment kept for its replies. */
  body: string;
  status: 'published' | 'pending' | 'spam' | 'deleted';
  isFrozen: Generated<Flag>;
  editedAt: Timestamp | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** One event for one reader's inbox, mailed later by the news issue. */
export interface NotificationsTable {
  id: Generated<number>;
  userId: number;
  kind: string;
  workId: number | null;
  commentId: number | null;
  isRead: Generated<Flag>;
  isReplied: Generated<Flag>;
  mailedAt: Timestamp | null;
  createdAt: Timestamp;
}

/** rate-limiter-flexible's counters on PostgreSQL (migration 019); the library alone reads them. */
export interface RateLimitsTable {
  key: string;
  points: number;
  expire: number | null;
}

/** Who has been counted as a hit on a work today (migration 020). */
export interface HitVisitorsTable {
  workId: number;
  day: string;
  visitorKey: string;
}

/** A message the archive sends, from the event that asked for it to its delivery (migration 023). */
export interface OutboxTable {
  id: Generated<number>;
  messageKey: string;
  recipient: string;
  userId: number | null;
  stream: string | null;
  fromName: string | null;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  headers: Generated<string>;
  status: Generated<string>;
  attempts: Generated<number>;
  lastError: string | null;
  createdAt: Timestamp;
  sentAt: Timestamp | null;
  /** Migration 025: the work the message tells of, asked of the news guard again before sending. */
  workId: number | null;
  /** Migration 033: a MIME node sent after the text (a MIME digest), already encoded. */
  attachedPart: Generated<string | null>;
}

/** A person's news waiting for their daily digest (migration 025). */
export interface NewsDigestTable {
  id: Generated<number>;
  userId: number;
  kind: string;
  itemKey: string;
  workId: number;
  line: string;
  createdAt: Timestamp;
  digestedAt: Timestamp | null;
}

export interface MailBouncesTable {
  id: Generated<number>;
  outboxId: number | null;
  recipient: string;
  kind: string;
  statusCode: string | null;
  scored: Generated<Flag>;
  createdAt: Timestamp;
}

export interface MailAddressesTable {
  address: string;
  hardBounces: Generated<number>;
  softBounces: Generated<number>;
  stoppedAt: Timestamp | null;
  updatedAt: Timestamp;
}

export interface MailPreferencesTable {
  userId: number;
  kind: string;
  delivery: string;
}

/** A reader's visits to a work and their Mark for Later (migration 021). */
export interface ReadingsTable {
  id: Generated<number>;
  userId: number;
  workId: number | null;
  title: string;
  chapterId: number | null;
  visitCount: Generated<number>;
  lastReadAt: Timestamp | null;
  toRead: Generated<Flag>;
  updatedAt: Timestamp;
}

/** Migration 026 says what each target is. */
export interface SubscriptionsTable {
  id: Generated<number>;
  userId: number;
  targetType: string;
  targetId: number;
  createdAt: Timestamp;
}

/** An announcement list (migration 027): archive-wide when tagId is null. */
export interface ListsTable {
  id: Generated<number>;
  name: string;
  slug: string;
  description: string | null;
  tagId: number | null;
  createdBy: number | null;
  createdAt: Timestamp;
  digestedThrough: Timestamp | null;
}

/** An address on a list: 'pending' until its link is used, 'active', then 'left'. */
export interface ListMembersTable {
  id: Generated<number>;
  listId: number;
  address: string;
  addressKey: string;
  status: string;
  digest: Generated<Flag>;
  /** Migration 033: the digest as a MIME digest (multipart/digest) rather than plain text. */
  mimeDigest: Generated<Flag>;
  tokenHash: string | null;
  tokenExpiresAt: Timestamp | null;
  tokenSentAt: Timestamp | null;
  tokenUsedAt: Timestamp | null;
  createdAt: Timestamp;
  joinedAt: Timestamp | null;
  leftAt: Timestamp | null;
}

/** One post of a list, as it went out: 'new', 'update' or 'announcement'. */
export interface ListPostsTable {
  id: Generated<number>;
  listId: number;
  kind: string;
  workId: number | null;
  chapterId: number | null;
  subject: string;
  body: string;
  postedBy: number | null;
  postedAt: Timestamp;
}

/** A series of works (migration 029): its creators are its works' creators. */
export interface SeriesTable {
  id: Generated<number>;
  title: string;
  titleKey: string;
  summary: string | null;
  notes: string | null;
  isComplete: Generated<Flag>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** A work's place in a series: ordered by position, then work id. */
export interface SerialWorksTable {
  seriesId: number;
  workId: number;
  position: number;
  createdAt: Timestamp;
}

/** A collection (migration 028 says what each setting is). */
export interface CollectionsTable {
  id: Generated<number>;
  name: string;
  nameKey: string;
  title: string;
  description: string | null;
  rules: string | null;
  parentId: number | null;
  isModerated: Generated<Flag>;
  isClosed: Generated<Flag>;
  isAnonymous: Generated<Flag>;
  isUnrevealed: Generated<Flag>;
  revealWorksAt: Timestamp | null;
  revealCreatorsAt: Timestamp | null;
  /** 'exactly' | 'at_most' | 'multiple_of', with wordRuleCount words per wordRuleScope. */
  wordRule: string | null;
  wordRuleCount: number | null;
  /** 'chapter' | 'work'. */
  wordRuleScope: string | null;
  /** 'drabble' | 'prompt_meme' | 'gift_exchange', or null. */
  challengeType: string | null;
  /** A prompt meme's claims expire this many days after they were made (migration 030); null: never. */
  promptClaimDays: number | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** 'owner' | 'moderator' | 'member' | 'invited'. */
export interface CollectionParticipantsTable {
  collectionId: number;
  userId: number;
  role: string;
  createdAt: Timestamp;
}

/** A work in a collection, agreed by both sides: 'unreviewed' | 'approved' | 'rejected' each. */
export interface CollectionItemsTable {
  id: Generated<number>;
  collectionId: number;
  workId: number;
  creatorStatus: string;
  collectionStatus: string;
  addedBy: number | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** A prompt meme's prompt (migration 030); userId is hidden from others when isAnonymous. */
export interface PromptsTable {
  id: Generated<number>;
  collectionId: number;
  userId: number | null;
  title: string;
  description: string | null;
  isAnonymous: Generated<Flag>;
  createdAt: Timestamp;
}

export interface PromptTagsTable {
  promptId: number;
  /** As the prompter typed it. */
  name: string;
  /** The tags' key of the name (tagKey, migration 036): joined to tags.name_key when read. */
  nameKey: string;
}

export interface PromptClaimsTable {
  id: Generated<number>;
  promptId: number;
  userId: number;
  createdAt: Timestamp;
}

export interface PromptFillsTable {
  promptId: number;
  workId: number;
  userId: number | null;
  createdAt: Timestamp;
}

/** A gift exchange's settings (migration 031 says what each is); tagSet and typeRules are JSON. */
export interface ExchangeSettingsTable {
  collectionId: number;
  signupOpensAt: Timestamp | null;
  signupClosesAt: Timestamp | null;
  assignmentsDueAt: Timestamp | null;
  requestsMax: Generated<number>;
  offersMax: Generated<number>;
  tagSet: string;
  typeRules: string;
  sentAt: Timestamp | null;
  closedAt: Timestamp | null;
  updatedAt: Timestamp;
}

/** A sign-up: requests and offers as JSON lists; 'active' | 'withdrawn'. */
export interface ExchangeSignupsTable {
  id: Generated<number>;
  collectionId: number;
  userId: number;
  requests: string;
  offers: string;
  status: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** A run of the matcher: 'queued' | 'running' | 'done' | 'failed', its result as JSON. */
export interface ExchangeRunsTable {
  id: Generated<number>;
  collectionId: number;
  status: string;
  done: Generated<number>;
  total: Generated<number>;
  result: string | null;
  error: string | null;
  requestedBy: number | null;
  createdAt: Timestamp;
  finishedAt: Timestamp | null;
}

export interface ExchangePinsTable {
  id: Generated<number>;
  collectionId: number;
  giverSignupId: number;
  recipientSignupId: number;
  createdBy: number | null;
  createdAt: Timestamp;
}

/** 'sent' | 'defaulted' | 'fulfilled'. */
export interface ExchangeAssignmentsTable {
  id: Generated<number>;
  collectionId: number;
  giverUserId: number;
  recipientSignupId: number;
  score: Generated<number>;
  status: string;
  isPinchHit: Generated<Flag>;
  workId: number | null;
  sentAt: Timestamp;
  defaultedAt: Timestamp | null;
}

export interface ExchangePinchHittersTable {
  collectionId: number;
  userId: number;
  createdAt: Timestamp;
}

/** A work given to an account or a name; refusedAt when the recipient refused it. */
export interface GiftsTable {
  id: Generated<number>;
  workId: number;
  recipientUserId: number | null;
  recipientName: string;
  assignmentId: number | null;
  refusedAt: Timestamp | null;
  createdAt: Timestamp;
}

export interface Database {
  exchangeSettings: ExchangeSettingsTable;
  exchangeSignups: ExchangeSignupsTable;
  exchangeRuns: ExchangeRunsTable;
  exchangePins: ExchangePinsTable;
  exchangeAssignments: ExchangeAssignmentsTable;
  exchangePinchHitters: ExchangePinchHittersTable;
  gifts: GiftsTable;
  series: SeriesTable;
  serialWorks: SerialWorksTable;
  prompts: PromptsTable;
  promptTags: PromptTagsTable;
  promptClaims: PromptClaimsTable;
  promptFills: PromptFillsTable;
  collections: CollectionsTable;
  collectionParticipants: CollectionParticipantsTable;
  collectionItems: CollectionItemsTable;
  lists: ListsTable;
  listMembers: ListMembersTable;
  listPosts: ListPostsTable;
  outbox: OutboxTable;
  mailBounces: MailBouncesTable;
  mailAddresses: MailAddressesTable;
  mailPreferences: MailPreferencesTable;
  readings: ReadingsTable;
  subscriptions: SubscriptionsTable;
  hitVisitors: HitVisitorsTable;
  rateLimits: RateLimitsTable;
  blockedTags: BlockedTagsTable;
  blockedCreators: BlockedCreatorsTable;
  savedSearches: SavedSearchesTable;
  users: UsersTable;
  pseuds: PseudsTable;
  sessions: SessionsTable;
  accountTokens: AccountTokensTable;
  loginThrottles: LoginThrottlesTable;
  knownLogins: KnownLoginsTable;
  tags: TagsTable;
  works: WorksTable;
  creatorships: CreatorshipsTable;
  chapters: ChaptersTable;
  workTags: WorkTagsTable;
  tagParents: TagParentsTable;
  metaTags: MetaTagsTable;
  workFilters: WorkFiltersTable;
  jobs: JobsTable;
  workSearch: WorkSearchTable;
  importBatches: ImportBatchesTable;
  importedWorks: ImportedWorksTable;
  importFlags: ImportFlagsTable;
  externalCreators: ExternalCreatorsTable;
  externalCreatorships: ExternalCreatorshipsTable;
  claimInvitations: ClaimInvitationsTable;
  claimEvents: ClaimEventsTable;
  kudos: KudosTable;
  siteSecrets: SiteSecretsTable;
  bookmarks: BookmarksTable;
  bookmarkTags: BookmarkTagsTable;
  comments: CommentsTable;
  legacyIds: LegacyIdsTable;
  notifications: NotificationsTable;
  newsDigest: NewsDigestTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Pseud = Selectable<PseudsTable>;
export type Tag = Selectable<TagsTable>;
export type Work = Selectable<WorksTable>;
export type WorkUpdate = Updateable<WorksTable>;
export type Chapter = Selectable<ChaptersTable>;
export type Job = Selectable<JobsTable>;
export type Bookmark = Selectable<BookmarksTable>;
export type Comment = Selectable<CommentsTable>;
export type Notification = Selectable<NotificationsTable>;
export type Subscription = Selectable<SubscriptionsTable>;
export type OutboxMessage = Selectable<OutboxTable>;
export type List = Selectable<ListsTable>;
export type Collection = Selectable<CollectionsTable>;
export type CollectionItem = Selectable<CollectionItemsTable>;
export type ListMember = Selectable<ListMembersTable>;
export type ListPost = Selectable<ListPostsTable>;
export type Series = Selectable<SeriesTable>;
export type ExchangeSettings = Selectable<ExchangeSettingsTable>;
export type ExchangeSignup = Selectable<ExchangeSignupsTable>;
export type ExchangeRun = Selectable<ExchangeRunsTable>;
export type ExchangeAssignment = Selectable<ExchangeAssignmentsTable>;
export type Gift = Selectable<GiftsTable>;
