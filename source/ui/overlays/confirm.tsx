import {Box, Text} from 'ink';

type ConfirmProps = {
	/** What will happen and on which nodes. */
	readonly question: string;
	/** `yn`: y confirms, n/esc cancels. `typed`: type the word and press enter. */
	readonly kind: 'yn' | 'typed';
	/** Lines shown under the question, each on one row (the downtime forecast before stop-old). */
	readonly about?: readonly string[];
	/** What has been typed so far (typed kind). */
	readonly typed?: string;
	readonly width: number;
	readonly height: number;
};

/** A question that defaults to No: nothing happens unless the operator says yes. */
export function Confirm({question, kind, about = [], typed = '', width, height}: ConfirmProps) {
	return (
		<Box
			flexDirection="column"
			borderStyle="double"
			borderColor="yellow"
			width={width}
			height={height}
			paddingX={1}
			overflow="hidden"
		>
			<Text bold>Confirm</Text>
			<Text wrap="wrap">{question}</Text>
			{about.map((line, index) => (
				<Text key={index} wrap="truncate" bold={index === 0}>
					{line}
				</Text>
			))}
			{kind === 'yn' ? (
				<Text bold>y confirm · n or esc cancel (default: No)</Text>
			) : (
				<>
					<Text bold>Type rollback and press enter to confirm · esc cancels</Text>
					<Text>{`> ${typed}▏`}</Text>
					{typed && !'rollback'.startsWith(typed) ? (
						<Text color="red">{`"${typed}" is not the word rollback: backspace, or esc cancels`}</Text>
					) : null}
				</>
			)}
		</Box>
	);
}
