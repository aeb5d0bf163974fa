import { Migration20261125000000_foundation } from './Migration20261125000000_foundation.js';
import { Migration20261125020000_loyalty_domain } from './Migration20261125020000_loyalty_domain.js';
import { Migration20261125040000_api_keys } from './Migration20261125040000_api_keys.js';
import { Migration20261125050000_business_plan } from './Migration20261125050000_business_plan.js';
import { Migration20261202000000_ops_visibility } from './Migration20261202000000_ops_visibility.js';
import { Migration20261210000000_analytics } from './Migration20261210000000_analytics.js';
import { Migration20261211000000_exports } from './Migration20261211000000_exports.js';
import { Migration20261212000000_campaigns } from './Migration20261212000000_campaigns.js';
import { Migration20261213000100_active_customer_bitmaps } from './Migration20261213000100_active_customer_bitmaps.js';
import { Migration20261213900000_customer_exports } from './Migration20261213900000_customer_exports.js';
import { Migration20261214000000_visit_path_indexes } from './Migration20261214000000_visit_path_indexes.js';
import { Migration20261215000000_settled_notification } from './Migration20261215000000_settled_notification.js';
import { Migration20261216000000_transaction_reference_indexes } from './Migration20261216000000_transaction_reference_indexes.js';

/** Every migration, in order. Listed by hand so bundled Lambdas need no file-system discovery. */
export const migrations = [
  Migration20261125000000_foundation,
  Migration20261125020000_loyalty_domain,
  Migration20261125040000_api_keys,
  Migration20261125050000_business_plan,
  Migration20261202000000_ops_visibility,
  Migration20261210000000_analytics,
  Migration20261211000000_exports,
  Migration20261212000000_campaigns,
  Migration20261213000100_active_customer_bitmaps,
  Migration20261213900000_customer_exports,
  Migration20261214000000_visit_path_indexes,
  Migration20261215000000_settled_notification,
  Migration20261216000000_transaction_reference_indexes,
];
