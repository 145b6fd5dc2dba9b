/** The shape of a rehearsal lab, decided from the `lab up` flags before anything starts. */
export type LabRegion = {
	readonly name: string;
	/** cm_location: unique per region. */
	readonly location: number;
	readonly heartbeatDb: string;
	readonly isDefault: boolean;
	readonly nodeHosts: readonly string[];
};

export type LabNode = {
	readonly index: number;
	readonly host: string;
	readonly region: string;
	readonly container: string;
};

export type LabTopology = {
	readonly from: string;
	readonly to: string;
	readonly rmDb: string;
	readonly cmDb: string;
	readonly regions: readonly LabRegion[];
	readonly nodes: readonly LabNode[];
	readonly versionRow: boolean;
};

const cityNames = ['hangzhou', 'shanghai', 'beijing', 'shenzhen', 'chengdu', 'wuhan', 'xian', 'nanjing'];
/** A region's name: a city for the first eight, then region9, region10, … */
const regionName = (index: number) => cityNames[index] ?? `region${index + 1}`;

export type TopologyOptions = {
	readonly nodes: number;
	readonly regions: number;
	readonly from: string;
	readonly to: string;
	readonly versionRow: boolean;
};

/** Nodes are 127.0.0.2, 127.0.0.3, …, split into regions in contiguous runs (3 nodes, 2 regions → 2 + 1). */
export function labTopology(options: TopologyOptions): LabTopology {
	const fromDigits = options.from.replace(/-CE$/, '').replaceAll('.', '');
	const nodes: LabNode[] = Array.from({length: options.nodes}, (_, index) => ({
		index,
		host: `127.0.0.${index + 2}`,
		region: regionName(Math.floor((index * options.regions) / options.nodes)),
		container: `oms_${fromDigits}`,
	}));
	const regions: LabRegion[] = Array.from({length: options.regions}, (_, index) => ({
		name: regionName(index),
		location: index + 1,
		heartbeatDb: `oms_cm_hb_${index + 1}`,
		isDefault: index === 0,
		nodeHosts: nodes.filter(node => node.region === regionName(index)).map(node => node.host),
	}));
	return {
		from: options.from,
		to: options.to,
		rmDb: 'oms_rm',
		cmDb: 'oms_cm',
		regions,
		nodes,
		versionRow: options.versionRow,
	};
}

/** The lab region `node` belongs to (labTopology puts every node in one of its regions). */
export function regionOf(topology: LabTopology, node: LabNode): LabRegion {
	const region = topology.regions.find(candidate => candidate.name === node.region);
	if (!region) throw new Error(`lab node ${node.host} names region ${node.region}, which the topology does not have`);
	return region;
}
