export { parseFeed, type FeedFormat } from "./parse-feed";
export { pullSource, getSource, type IngestSource, type PullOptions } from "./pull-source";
export { dueSources, hasDueSources, isDue } from "./due-sources";
export { findGaps, chunkGaps, type Gap } from "./find-gaps";
