/** One node row as the 0010 schema holds it, written with raw SQL so later repo code cannot change it. */
export const row = {
  workspace_id: 'training',
  instance_id: 'i-1',
  name: 'web',
  computer_name: 'web.corp',
  ping_status: 'Online',
  last_ping_at: 1,
  platform_type: 'Linux',
  platform_name: 'Ubuntu',
  platform_version: '22.04',
  agent_version: '3.2.1.0',
  agent_version_sort: '3.2.1.0',
  is_latest_version: 1,
  ip_address: '10.0.0.1',
  ip_sort: '4:010.000.000.001',
  resource_type: 'EC2Instance',
  account_id: '1',
  region: 'eu-west-1',
  search_text: 'web',
  first_seen_at: 1,
  last_seen_at: 1,
  sync_generation: 1,
};
const columns = Object.keys(row);
export const insertNodeSql = `INSERT INTO nodes (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`;
