// The story index's storage (migrations 0008, 0011 to 0013): detection
// on a batch of the index queue (detect.ts, over the index's rows, term
// counts and story membership), stories read for the site and the API,
// the index pruned to its last weeks, an article taken out when removed.
// The pure core of detection is src/stories.
export { type DetectionResult, detectStories, redetectStories } from './detect.ts';
export { pruneStoryIndex, pruneStoryIndexOlderThan } from './prune.ts';
export {
  articlesOfStory,
  getStory,
  type Story,
  type StoryArticle,
  type StorySummary,
  topStories,
  firstArticlesAmong,
} from './read.ts';
export { forgetArticleStory } from './remove.ts';
export { traceStoryDecisions } from './trace.ts';
export { DEFAULT_STORY_INDEX_DAYS, DEFAULT_STORY_WINDOW_HOURS } from './settings.ts';
