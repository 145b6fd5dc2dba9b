import {deadlinesOf} from '../../source/adapters/docker-engine.js';

/** The plan file's default deadlines, for tests that connect to an engine without a plan. */
export const testDeadlines = deadlinesOf({connectSec: 10, requestSec: 30, streamIdleSec: 120, metadbQuerySec: 60});
