import {backup} from './backup.js';
import {cleanHeartbeat} from './clean-heartbeat.js';
import {disableHa} from './disable-ha.js';
import {enableHa} from './enable-ha.js';
import {initMetadata} from './init.js';
import {preflight} from './preflight.js';
import {rbDisableHa, rbRestore, rbRestoreHa, rbStartOld, rbStopNew, rbVerify} from './rollback-steps.js';
import {stageImage} from './stage-image.js';
import {startNew} from './start-new.js';
import type {StepDefinition} from './step-types.js';
import {stopOld} from './stop-old.js';
import {verify} from './verify.js';

/** The upgrade, in the order of the guide (the image is staged before anything stops). */
export const upgradeSteps: readonly StepDefinition[] = [
	preflight,
	stageImage,
	disableHa,
	stopOld,
	cleanHeartbeat,
	backup,
	startNew,
	initMetadata,
	verify,
	enableHa,
];

export const rollbackSteps: readonly StepDefinition[] = [
	rbDisableHa,
	rbStopNew,
	rbRestore,
	rbStartOld,
	rbVerify,
	rbRestoreHa,
];
