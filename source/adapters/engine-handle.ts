import type Docker from 'dockerode';
import type {ExternalError} from '../domain/errors.js';

/** How long each kind of engine call may take before the tool gives up on it, in milliseconds. */
export type EngineDeadlines = {readonly connectMs: number; readonly requestMs: number; readonly streamIdleMs: number};

/**
 * What the stream adapters (load, exec, logs) need of a node's engine: its API object and its deadline
 * and error wording. DockerEngine is one; the steps never see it (they see the DockerPort).
 */
export type EngineHandle = {
	/** The node. */
	readonly host: string;
	/** The engine's deadlines. */
	readonly deadlines: EngineDeadlines;
	/** The dockerode object, for the calls that set their own idle deadlines. */
	readonly streamApi: () => Docker;
	/** Runs an engine call under a deadline, naming the node and the call on failure. */
	readonly call: <T>(action: string, run: (signal: AbortSignal) => Promise<T>, timeoutMs?: number) => Promise<T>;
	/** The error for a call that did not answer in time. */
	readonly timedOut: (action: string, timeoutMs: number) => ExternalError;
	/** The error for a call that failed. */
	readonly wrap: (action: string, error: unknown) => ExternalError;
};
