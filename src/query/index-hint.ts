import type { ScopeColumn } from "../auth/scope.js";
import type { IndexedColumn } from "../store/event-indexes.js";
import type { Provider } from "../store/provider.js";
import { sql, type Fragment } from "../store/sql.js";

const PLAIN: Record<IndexedColumn, Fragment> = { repository: sql`repository`, owner: sql`owner`, actor: sql`actor`, event_type: sql`event_type` };
const HIDDEN: Record<IndexedColumn, Fragment> = { repository: sql`+repository`, owner: sql`+owner`, actor: sql`+actor`, event_type: sql`+event_type` };

/** The column itself, for a condition whose index may drive the scan. */
export function column(name: IndexedColumn): Fragment {
  return PLAIN[name];
}

/**
 * A planner hint: the column for a condition whose index must not drive the
 * scan. On SQLite, `+column`: the unary plus leaves the test unchanged but
 * keeps its index out of the plan. Without ANALYZE statistics SQLite cannot
 * tell which of two indexed equalities is rarer, and scanning the wrong index
 * (every pull_request event to find one repository's) cost 100x
 * (bench/query.mjs); chooseDriver picks the one that may. PostgreSQL's planner
 * has statistics, and no unary plus on text: the column itself.
 */
export function withoutIndex(provider: Provider, name: IndexedColumn): Fragment {
  return provider === "sqlite" ? HIDDEN[name] : PLAIN[name];
}

/** The scope's columns for scopeCondition when their indexes must not drive the scan. */
export function scopeWithoutIndex(provider: Provider): ScopeColumn {
  return (name) => withoutIndex(provider, name);
}
