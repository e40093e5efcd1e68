import { Injectable } from '@nestjs/common';
import { DomainError } from '@libs/domain/src/shared';
import type { Principal } from './principal';
import { subtreeCondition } from '@libs/persistence/src/org-subtree';

/**
 * Visibility down the administrative tree (RULES.md §1): a caller sees its own organisation and its descendants.
 * Anything outside answers 404, so existence does not leak.
 */
@Injectable()
export class OrgScope {
  sees(p: Principal, orgPath: string): boolean {
    return orgPath === p.orgPath || orgPath.startsWith(`${p.orgPath}/`);
  }

  assertSees(p: Principal, orgPath: string, what: string): void {
    if (!this.sees(p, orgPath)) throw new DomainError('NOT_FOUND', `${what} not found`);
  }

  /** SQL condition on a materialised-path column; `$n` is the parameter index to bind `likePrefix(p)` to. */
  condition(column: string, n: number): string {
    return subtreeCondition(column, n);
  }
}
