import type * as z from 'zod';
import type {planSchema} from './plan-schema.js';

export type {DockerEndpoint} from './docker-endpoint.js';

/** Nothing changes a plan once it is loaded. */
type Frozen<T> = T extends object ? {readonly [K in keyof T]: Frozen<T[K]>} : T;

/**
 * A validated plan file with every default applied and every path absolute; inferred from its schema (plan-schema.ts).
 */
export type Plan = Frozen<z.output<ReturnType<typeof planSchema>>>;

export type PlanNode = Plan['nodes'][number];
export type TlsFiles = NonNullable<Plan['tls']>;
/** The plan's `ssh:` section: files on this machine used instead of the operator's ~/.ssh defaults. */
export type SshFiles = NonNullable<Plan['ssh']>;
/** Deadlines of every remote call, in seconds (plan file `timeouts:`). */
export type Timeouts = Plan['timeouts'];
