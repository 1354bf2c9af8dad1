import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security, defence in depth (issue #10, finding 11):
 * - a user's institution changes only in administrative scope; a role changes only there or by an institution's own
 *   administrator editing a colleague (never one's own row); a user's own row cannot change its status except
 *   invited → active (accepting the invitation); the session generation never goes back. A trigger, because a
 *   policy's WITH CHECK sees only the new row.
 * - audit rows without an institution are written only in administrative scope.
 */
export class PinUserIdentityAndAuditScope1796000100000 implements MigrationInterface {
  name = 'PinUserIdentityAndAuditScope1796000100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION users_pin_identity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.session_generation < OLD.session_generation THEN
    RAISE EXCEPTION 'users.session_generation never decreases' USING ERRCODE = '42501';
  END IF;
  IF app_scope() = 'admin' THEN
    RETURN NEW;
  END IF;
  IF NEW.institution_id IS DISTINCT FROM OLD.institution_id THEN
    RAISE EXCEPTION 'users.institution_id changes only in administrative scope' USING ERRCODE = '42501';
  END IF;
  IF NEW.role IS DISTINCT FROM OLD.role AND (OLD.id = app_user_id() OR OLD.institution_id IS DISTINCT FROM app_institution_id()) THEN
    RAISE EXCEPTION 'users.role changes only in administrative scope or by the institution''s administrator' USING ERRCODE = '42501';
  END IF;
  IF OLD.id = app_user_id() AND NEW.status IS DISTINCT FROM OLD.status AND NOT (OLD.status = 'invited' AND NEW.status = 'active') THEN
    RAISE EXCEPTION 'users.status of one''s own row changes only from invited to active' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$`);
    await queryRunner.query(
      `CREATE TRIGGER users_pin_identity BEFORE UPDATE ON "users" FOR EACH ROW EXECUTE FUNCTION users_pin_identity()`,
    );
    await queryRunner.query(`DROP POLICY audit_events_insert ON "audit_events"`);
    await queryRunner.query(
      `CREATE POLICY audit_events_insert ON "audit_events" FOR INSERT WITH CHECK (institution_id = app_institution_id() OR app_scope() = 'admin')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY audit_events_insert ON "audit_events"`);
    await queryRunner.query(
      `CREATE POLICY audit_events_insert ON "audit_events" FOR INSERT WITH CHECK (institution_id IS NULL OR institution_id = app_institution_id() OR app_scope() = 'admin')`,
    );
    await queryRunner.query(`DROP TRIGGER users_pin_identity ON "users"`);
    await queryRunner.query(`DROP FUNCTION users_pin_identity()`);
  }
}
