import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError } from '@libs/domain/src/shared';
import { hashPassword } from '@libs/security/src';
import { AuditService } from '../audit/audit.service';
import { OrgScope } from '../auth/org-scope.service';
import type { Principal } from '../auth/principal';
import type { CreateUserDto } from './create-user.dto';
import type { UpdateUserDto } from './update-user.dto';
import type { UserView } from './user.view';
import { findOrganisationPath } from '@libs/persistence/src/organisations';
import { findUser, insertUser, updateUser, usersOfOrganisation, usersOfSubtree, type UserRow } from '@libs/persistence/src/users';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Accounts. A system_admin manages the accounts of its subtree; an integrity_admin sees the accounts of its own
 * organisation. Changes act on the user's next request: the AuthGuard reloads the user (active flag, roles) every time.
 */
@Injectable()
export class UserService {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: OrgScope,
    private readonly audit: AuditService,
  ) {}

  async list(p: Principal): Promise<UserView[]> {
    let rows: UserRow[];
    if (p.roles.includes('system_admin')) {
      rows = await usersOfSubtree(this.ds, p.orgPath);
    } else if (p.roles.includes('integrity_admin')) {
      rows = await usersOfOrganisation(this.ds, p.orgId);
    } else {
      throw new DomainError('FORBIDDEN', 'listing accounts needs the system_admin or integrity_admin role', {
        requiredRoles: ['system_admin', 'integrity_admin'],
      });
    }
    return rows.map(view);
  }

  /** One account of the caller's subtree (system_admin) or own organisation (integrity_admin); anything else 404. */
  async get(p: Principal, id: string): Promise<UserView> {
    const row = await this.find(id);
    const visible = p.roles.includes('system_admin')
      ? !!row && this.scope.sees(p, row.org_path)
      : p.roles.includes('integrity_admin') && row?.org_id === p.orgId;
    if (!row || !visible) throw new DomainError('NOT_FOUND', 'user not found');
    return view(row);
  }

  async create(p: Principal, dto: CreateUserDto): Promise<UserView> {
    const org = await findOrganisationPath(this.ds, dto.orgId);
    if (!org || !this.scope.sees(p, org.path)) {
      throw new DomainError('VALIDATION_FAILED', 'orgId: no such organisation in your scope', { field: 'orgId' });
    }
    const id = randomUUID();
    const hash = await hashPassword(dto.password);
    try {
      await insertUser(this.ds, {
        id,
        username: dto.username,
        name: dto.name,
        email: dto.email ?? null,
        orgId: org.id,
        roles: dto.roles,
        passwordHash: hash,
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw usernameTaken(dto.username);
      throw err;
    }
    const created = view((await this.find(id))!);
    // The password is named, never its value (the audit masks it).
    await this.audit.change('user', id, null, { ...audited(created), password: dto.password });
    return created;
  }

  /** Only a system_admin of the user's subtree; a user outside it answers 404. */
  async update(p: Principal, id: string, dto: UpdateUserDto): Promise<UserView> {
    if (dto.active === undefined && dto.roles === undefined && dto.name === undefined) {
      throw new DomainError('VALIDATION_FAILED', 'body: give at least one of active, roles, name', { field: 'body' });
    }
    return this.ds
      .transaction(async (tx) => {
        if (!UUID.test(id)) throw new DomainError('NOT_FOUND', 'user not found');
        // Row lock: two administrators editing the same account apply one after the other.
        const row = await findUser(tx, id, { lock: true });
        if (!row || !this.scope.sees(p, row.org_path)) throw new DomainError('NOT_FOUND', 'user not found');
        if (row.id === p.userId) {
          // [decision] An administrator cannot lock itself out; another system_admin above or beside it can.
          if (dto.active === false) throw new DomainError('CONFLICT', 'you cannot deactivate your own account');
          if (dto.roles && !dto.roles.includes('system_admin'))
            throw new DomainError('CONFLICT', 'you cannot remove your own system_admin role');
        }
        // Deactivation also ends every token issued so far: reactivating the account does not revive them.
        await updateUser(tx, id, { active: dto.active ?? null, roles: dto.roles ?? null, name: dto.name ?? null });
        const updated = await findUser(tx, id);
        return { before: view(row), after: view(updated!) };
      })
      .then(async ({ before, after }) => {
        await this.audit.change('user', id, audited(before), audited(after));
        return after;
      });
  }

  private async find(id: string): Promise<UserRow | undefined> {
    if (!UUID.test(id)) return undefined;
    return findUser(this.ds, id);
  }
}

function view(r: UserRow): UserView {
  return {
    id: r.id,
    username: r.username,
    name: r.name,
    email: r.email,
    orgId: r.org_id,
    orgName: r.org_name,
    roles: r.roles as UserView['roles'],
    active: r.active,
  };
}

/** What the audit keeps of an account: its stored fields (the organisation by id). */
function audited(v: UserView) {
  return { username: v.username, name: v.name, email: v.email, orgId: v.orgId, roles: v.roles, active: v.active };
}

function usernameTaken(username: string): DomainError {
  return new DomainError('CONFLICT', `username "${username}" is already taken`, { field: 'username' });
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  return e?.code === '23505' || e?.driverError?.code === '23505';
}
