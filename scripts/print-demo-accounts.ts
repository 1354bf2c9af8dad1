/** Prints the demo accounts as shell assignments for the banner of scripts/start.sh, generated from the seed's data (src/demo/people.ts). */
import { DEMO_PASSWORD, demoAccountLines, exampleLogin } from '../src/demo/people';

const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
const out = {
  DEMO_PASSWORD,
  DEMO_ACCOUNTS: demoAccountLines()
    .map((line) => `   ${line}`)
    .join('\n'),
  DEMO_LOGIN: exampleLogin(),
};
process.stdout.write(
  Object.entries(out)
    .map(([k, v]) => `${k}=${quote(v)}`)
    .join('\n') + '\n',
);
