// The floor for a console's first frame: Node.js loading Ink and React and drawing one line, the title the
// console's header starts with. Quits on q, as the console does. Run from the checkout (node_modules).
import React from 'react';
import {render, Text, useApp, useInput} from 'ink';

function Title() {
	const {exit} = useApp();
	useInput(input => input === 'q' && exit());
	return React.createElement(Text, null, 'oms-upgrade · lab · bare Ink');
}

render(React.createElement(Title), {exitOnCtrlC: false, patchConsole: false});
