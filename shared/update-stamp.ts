/**
 * How a public update is stamped, as the 2021 seed's status page does: the first one by its
 * time ("12:10 UTC+2"), each later one as an edit of it ("EDIT 12:21 UTC+2"). The post-mortem
 * lists the updates this way so that they read as customers saw them.
 */
import type { PublicUpdate } from './public-updates';
import { formatOffsetTime } from './zoned-time';

export function updateStamp(update: Pick<PublicUpdate, 'publishedAt' | 'createdAt'>, first: boolean, timeZone: string): string {
  // A draft has no publication time yet: it is stamped when it was written.
  const time = formatOffsetTime(Date.parse(update.publishedAt ?? update.createdAt), timeZone);
  return first ? time : `EDIT ${time}`;
}
