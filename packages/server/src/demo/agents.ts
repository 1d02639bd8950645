/** The agents seeded when none is configured, so the console can be tried at once. */
export const DEMO_AGENTS = [
  {
    email: 'agent@example.com',
    password: 'switchboard-demo',
    name: 'Maya Chen',
    role: 'agent',
    capacity: 3,
    skills: [],
  },
  {
    email: 'tech@example.com',
    password: 'switchboard-demo',
    name: 'Jonas Weber',
    role: 'agent',
    capacity: 2,
    skills: ['tech'],
  },
  {
    email: 'supervisor@example.com',
    password: 'switchboard-demo',
    name: 'Priya Shah',
    role: 'supervisor',
    capacity: 3,
    skills: ['tech'],
  },
] as const;

/** The first demo agent (Maya Chen, `agent@example.com` / `switchboard-demo`). */
export const DEMO_AGENT = DEMO_AGENTS[0];
