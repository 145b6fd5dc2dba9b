/** `docker.io/library/oms:x` and `oms:x` name the same image. */
export function normalizeReference(reference: string): string {
	return reference.replace(/^docker\.io\/(library\/)?/, '');
}
