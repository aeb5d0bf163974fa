import { isProduction } from '../src/database.js';
import { ENVIRONMENT, synthesize } from './support/synthesized.js';

const synthesized = synthesize();
const database = synthesized.resources('aws_db_instance').database;

describe('RDS PostgreSQL', () => {
  it("is the spec's instance: db.t3.micro, single AZ, 20 GB gp3, encrypted, 7 days of backups, not public", () => {
    expect(database).toMatchObject({
      engine: 'postgres',
      engine_version: '17',
      instance_class: 'db.t3.micro',
      multi_az: false,
      allocated_storage: 20,
      storage_type: 'gp3',
      storage_encrypted: true,
      backup_retention_period: 7,
      publicly_accessible: false,
      db_subnet_group_name: '${aws_db_subnet_group.database_subnet_group.name}',
      vpc_security_group_ids: ['${aws_security_group.security_group_database.id}'],
      availability_zone: '${element(data.aws_availability_zones.availability_zones.names, 0)}',
    });
  });

  it('lives in the private subnets of both zones', () => {
    expect(synthesized.resources('aws_db_subnet_group').database_subnet_group?.subnet_ids).toEqual([
      '${aws_subnet.subnet_private_0.id}',
      '${aws_subnet.subnet_private_1.id}',
    ]);
  });

  it('forces TLS and logs slow statements through its parameter group', () => {
    expect(database?.parameter_group_name).toBe('${aws_db_parameter_group.database_parameters.name}');
    expect(synthesized.resources('aws_db_parameter_group').database_parameters).toMatchObject({
      family: 'postgres17',
      parameter: expect.arrayContaining([
        { name: 'rds.force_ssl', value: '1' },
        { name: 'log_min_duration_statement', value: '500' },
      ]),
    });
  });

  it('outside production, can be deleted without a final snapshot', () => {
    expect(database).toMatchObject({ deletion_protection: false, skip_final_snapshot: true });
    expect(database).not.toHaveProperty('final_snapshot_identifier');
  });

  it('in production, is protected from deletion and leaves a final snapshot', () => {
    const production = synthesize({ environment: 'acme-prod' }).resources('aws_db_instance').database;
    expect(production).toMatchObject({ deletion_protection: true, skip_final_snapshot: false, final_snapshot_identifier: 'acme-prod-postgres-final' });
  });

  it.each([
    ['prod', true],
    ['acme-prod', true],
    ['acme-preprod', false],
    ['prod-eu', false],
    ['dev', false],
  ])('treats "%s" as production: %s', (environment, expected) => {
    expect(isProduction(environment)).toBe(expected);
  });

  it('keeps its first password: a later draw of the random one changes nothing', () => {
    expect(database?.password).toBe('${data.aws_secretsmanager_random_password.random_database_password.random_password}');
    expect(database?.lifecycle).toEqual({ ignore_changes: ['password'] });
  });
});

describe('DATABASE_URL', () => {
  it('is a secret holding the full postgres:// URL built from the instance', () => {
    const secret = synthesized.resources('aws_secretsmanager_secret').secret_database_url;
    expect(secret?.name).toBe(`${ENVIRONMENT}/database-url`);
    expect(synthesized.resources('aws_secretsmanager_secret_version').secret_database_url_value).toMatchObject({
      secret_id: '${aws_secretsmanager_secret.secret_database_url.id}',
      secret_string: 'postgres://loyalty:${aws_db_instance.database.password}@${aws_db_instance.database.endpoint}/loyalty?sslmode=no-verify',
    });
    expect(synthesized.resolve(synthesized.stack.database)).toEqual({
      instanceIdentifier: '${aws_db_instance.database.identifier}',
      databaseUrlSecretArn: '${aws_secretsmanager_secret.secret_database_url.arn}',
    });
  });

  it.each(['qr_signing', 'auth_session', 'unsubscribe_signing'])('%s is drawn once and kept', (secret) => {
    expect(synthesized.resources('aws_secretsmanager_secret_version')[`secret_${secret}_value`]).toMatchObject({
      secret_string: `\${data.aws_secretsmanager_random_password.random_${secret}.random_password}`,
      lifecycle: { ignore_changes: ['secret_string'] },
    });
    expect(synthesized.config.data?.aws_secretsmanager_random_password?.[`random_${secret}`]).toMatchObject({ password_length: 64, exclude_punctuation: true });
  });

  it('secrets wait a week before deletion in production only', () => {
    expect(synthesized.resources('aws_secretsmanager_secret').secret_database_url?.recovery_window_in_days).toBe(0);
    expect(synthesize({ environment: 'acme-prod' }).resources('aws_secretsmanager_secret').secret_database_url?.recovery_window_in_days).toBe(7);
  });
});
