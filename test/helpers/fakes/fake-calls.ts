/** One call a step or the runner made through a port, as the fakes saw it. */
export type FakeCall = {
	/** Which port. */
	readonly port: 'docker' | 'sql' | 'dump' | 'file' | 'journal';
	/** The node, for Docker calls. */
	readonly node: string | null;
	/** The call in words (`stopContainer oms_428`, the SQL text, …). */
	readonly what: string;
	/** Whether it changes something. */
	readonly write: boolean;
};

/** Every call in order, with hooks that fail or interrupt at a chosen one. */
export class CallLog {
	readonly calls: FakeCall[] = [];
	/** Return an Error to make that call fail (before it has any effect). */
	failAt: ((call: FakeCall, index: number) => Error | undefined) | undefined;
	/** Runs before each call (after failAt let it through): tests abort the run's signal here. */
	onCall: ((call: FakeCall, index: number) => void) | undefined;

	record(call: FakeCall): void {
		const index = this.calls.length;
		this.calls.push(call);
		const error = this.failAt?.(call, index);
		if (error) throw error;
		this.onCall?.(call, index);
	}

	writes(port?: FakeCall['port']): string[] {
		return this.calls
			.filter(call => call.write && (!port || call.port === port))
			.map(call => `${call.node ?? 'cluster'}: ${call.what}`);
	}
}
