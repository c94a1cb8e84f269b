// Which parameters are audience data: TR-135 AudienceStats (Applications.AudienceStats: what a box
// watched, per channel) and its capability object. Matched as a path segment anywhere, case-insensitively,
// so an odd root or spelling errs on the side of hiding. Isomorphic and pure: the tree, tasks, timeline,
// CSV export, search and the REST API all ask this one predicate.

const AUDIENCE_SEGMENT = /(^|\.)AudienceStats(\.|$)/i;

/** True when `path` is, or lies under, an AudienceStats object. */
export function isAudiencePath(path: string): boolean {
  return AUDIENCE_SEGMENT.test(path);
}

/** SQL (POSIX regex, case-insensitive with ~*) matching the same paths as isAudiencePath. */
export const AUDIENCE_PATH_SQL_REGEX = String.raw`(^|\.)AudienceStats(\.|$)`;
