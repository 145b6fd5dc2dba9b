import type {DiscoveryPorts} from '../ports/discovery-port.js';
import type {ContainerSnapshot, DockerPort} from '../ports/docker-port.js';
import {parseBind, type Bind} from '../domain/binds.js';
import {describeError} from '../domain/errors.js';
import {configPathInContainer, parseOmsConfig, type OmsConfig} from '../domain/oms-config.js';
import {registerSecret} from '../domain/redact.js';
import type {Plan, PlanNode} from './plan-types.js';

/**
 * What one node looks like before anything changes. Fields are undefined where they could not be read; `problems` say
 * why.
 */
export type NodeFacts = {
	readonly node: PlanNode;
	readonly engine: DockerPort | undefined;
	/** Both containers were inspected (absent ones included); false when the engine did not answer. */
	readonly containersRead: boolean;
	readonly engineVersion: string | undefined;
	readonly container: ContainerSnapshot | undefined;
	readonly binds: readonly Bind[];
	/** Bind sources (and HTTPS files) that do not exist on the node; undefined when not checked. */
	readonly missingHostPaths: readonly string[] | undefined;
	readonly config: OmsConfig | undefined;
	readonly configText: string | undefined;
	readonly newContainer: ContainerSnapshot | undefined;
	readonly problems: readonly string[];
};

export async function discoverNode(plan: Plan, node: PlanNode, ports: DiscoveryPorts): Promise<NodeFacts> {
	const facts: {-readonly [K in keyof NodeFacts]: NodeFacts[K]} = {
		node,
		engine: undefined,
		engineVersion: undefined,
		container: undefined,
		binds: [],
		missingHostPaths: undefined,
		config: undefined,
		configText: undefined,
		newContainer: undefined,
		containersRead: false,
		problems: [],
	};
	const problems: string[] = [];
	facts.problems = problems;
	try {
		facts.engine = await ports.connectEngine(node.host);
		facts.engineVersion = (await facts.engine.version()).version;
	} catch (error) {
		facts.engine = undefined;
		problems.push(describeError(error));
		return facts;
	}
	const engine = facts.engine;
	try {
		facts.container = await engine.inspectContainer(node.container);
		facts.newContainer = await engine.inspectContainer(node.newContainer);
		facts.containersRead = true;
	} catch (error) {
		problems.push(describeError(error));
		return facts;
	}
	if (!facts.container) {
		problems.push(`node ${node.host}: container ${node.container} does not exist on ${node.docker}.`);
		return facts;
	}
	facts.binds = facts.container.binds.map(parseBind);
	const probePaths = [
		...facts.binds.map(bind => bind.source),
		...(plan.https ? [plan.https.cert, plan.https.key] : []),
	];
	try {
		facts.missingHostPaths = await engine.missingHostPaths(facts.container.imageId, probePaths);
	} catch (error) {
		problems.push(describeError(error));
		return facts;
	}
	const configBind = facts.binds.find(bind => bind.target === configPathInContainer);
	// The engine re-mounts a container's binds to serve the archive API (running or not), and a missing
	// source would come back as a directory on the node: read only when the source is known to exist.
	if (configBind && facts.missingHostPaths.includes(configBind.source)) {
		problems.push(
			`node ${node.host}: config.yaml not read: its host path ${configBind.source} is missing (reading it through Docker would create it as a directory).`,
		);
		return facts;
	}
	try {
		facts.configText = (await engine.readContainerFile(node.container, configPathInContainer)).toString('utf8');
		const parsed = parseOmsConfig(facts.configText);
		if ('problem' in parsed) problems.push(`node ${node.host}: ${parsed.problem}.`);
		else {
			registerSecret(parsed.config.metaPassword);
			facts.config = parsed.config;
		}
	} catch (error) {
		problems.push(describeError(error));
	}
	return facts;
}
