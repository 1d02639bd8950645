// The demo agents a relay without configured agents seeds (docs/operations.md, "Agents and the
// demo sign-in"): Maya (agent, Orders), Jonas (agent, tech skill), Priya (supervisor).
const DEMO_PASSWORD = 'switchboard-demo';

export const maya = { email: 'agent@example.com', password: DEMO_PASSWORD };
export const jonas = { email: 'tech@example.com', password: DEMO_PASSWORD };
export const priya = { email: 'supervisor@example.com', password: DEMO_PASSWORD };
