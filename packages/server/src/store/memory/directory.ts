import type { DirectoryStore } from '../types.js';
import { binary, copy, type Data, type Guard, nocase } from './data.js';

/**
 * The `DirectoryStore` port in memory.
 * @example await createMemoryDirectory(emptyData(), guard).listAgents()
 */
export function createMemoryDirectory(data: Data, guard: Guard): DirectoryStore {
  return {
    listSiteAppearances: () =>
      guard(() =>
        [...data.appearances.values()].sort((a, b) => (a.siteId < b.siteId ? -1 : 1)).map(copy),
      ),
    saveSiteAppearance: (appearance) =>
      guard(() => void data.appearances.set(appearance.siteId, copy(appearance))),
    // The identity only, as SQLite: the profile comes with a command's write.
    listAgents: () =>
      guard(() =>
        [...data.agents.values()]
          .sort((a, b) => a.createdAt - b.createdAt || binary(nocase(a.email), nocase(b.email)))
          .map(copy),
      ),
    getAgent: (id) => guard(() => copy(data.agents.get(id) ?? null)),
    findAgentByEmail: (email) =>
      guard(() => {
        const folded = nocase(email);
        return copy([...data.agents.values()].find((a) => nocase(a.email) === folded) ?? null);
      }),
    saveAgent: (agent) =>
      guard(() => {
        // One agent per email in any case, as SQLite's unique NOCASE column.
        const email = nocase(agent.email);
        if ([...data.agents.values()].some((a) => a.id !== agent.id && nocase(a.email) === email)) {
          throw new Error('UNIQUE constraint failed: agents.email');
        }
        const presence = data.agents.get(agent.id)?.presence ?? 'online';
        data.agents.set(agent.id, { ...copy(agent), presence });
      }),
    listDepartments: () => guard(() => [...data.departments.values()].map(copy)),
    saveDepartment: (department) =>
      guard(() => {
        data.departments.set(department.id, copy(department));
      }),
    listCanned: () =>
      guard(() =>
        [...data.canned.values()].sort((a, b) => binary(a.shortcut, b.shortcut)).map(copy),
      ),
    saveCanned: (canned) =>
      guard(() => {
        data.canned.set(canned.id, copy(canned));
      }),
  };
}
