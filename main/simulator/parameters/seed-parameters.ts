/**
 * What the training account's Parameter Store holds at start: CloudWatch agent configurations
 * in the agent's own JSON schema (the names AmazonCloudWatch-ManageAgent's wizard suggests), a
 * web-tier variant under a hierarchy, and a few hierarchical settings to browse by path.
 */

/** A parameter the store holds from the start. */
export interface SeedParameter {
  readonly name: string;
  readonly type: 'String' | 'StringList' | 'SecureString';
  readonly value: string;
  readonly description: string;
}

const LINUX_AGENT_CONFIG = {
  agent: { metrics_collection_interval: 60, run_as_user: 'cwagent' },
  metrics: {
    namespace: 'CWAgent',
    append_dimensions: {
      AutoScalingGroupName: '${aws:AutoScalingGroupName}',
      ImageId: '${aws:ImageId}',
      InstanceId: '${aws:InstanceId}',
      InstanceType: '${aws:InstanceType}',
    },
    metrics_collected: {
      cpu: { measurement: ['cpu_usage_idle', 'cpu_usage_iowait', 'cpu_usage_user', 'cpu_usage_system'], metrics_collection_interval: 60, totalcpu: true },
      disk: { measurement: ['used_percent', 'inodes_free'], metrics_collection_interval: 60, resources: ['*'] },
      diskio: { measurement: ['io_time'], metrics_collection_interval: 60, resources: ['*'] },
      mem: { measurement: ['mem_used_percent'], metrics_collection_interval: 60 },
      swap: { measurement: ['swap_used_percent'], metrics_collection_interval: 60 },
      netstat: { measurement: ['tcp_established', 'tcp_time_wait'], metrics_collection_interval: 60 },
    },
  },
  logs: {
    logs_collected: {
      files: {
        collect_list: [
          { file_path: '/var/log/messages', log_group_name: 'messages', log_stream_name: '{instance_id}', retention_in_days: 30 },
          { file_path: '/var/log/secure', log_group_name: 'secure', log_stream_name: '{instance_id}', retention_in_days: 90 },
          { file_path: '/var/log/amazon/ssm/amazon-ssm-agent.log', log_group_name: 'amazon-ssm-agent', log_stream_name: '{instance_id}', retention_in_days: 14 },
        ],
      },
    },
  },
};

const WINDOWS_AGENT_CONFIG = {
  metrics: {
    namespace: 'CWAgent',
    append_dimensions: { InstanceId: '${aws:InstanceId}', InstanceType: '${aws:InstanceType}' },
    metrics_collected: {
      LogicalDisk: { measurement: ['% Free Space'], metrics_collection_interval: 60, resources: ['*'] },
      Memory: { measurement: ['% Committed Bytes In Use'], metrics_collection_interval: 60 },
      Paging_File: { measurement: ['% Usage'], metrics_collection_interval: 60, resources: ['*'] },
      Processor: { measurement: ['% Processor Time'], metrics_collection_interval: 60, resources: ['_Total'] },
      'TCPv4': { measurement: ['Connections Established'], metrics_collection_interval: 60 },
    },
  },
  logs: {
    logs_collected: {
      windows_events: {
        collect_list: [
          { event_name: 'System', event_levels: ['ERROR', 'WARNING'], log_group_name: 'System', log_stream_name: '{instance_id}' },
          { event_name: 'Application', event_levels: ['ERROR', 'WARNING'], log_group_name: 'Application', log_stream_name: '{instance_id}' },
        ],
      },
      files: {
        collect_list: [
          { file_path: 'C:\\ProgramData\\Amazon\\SSM\\Logs\\amazon-ssm-agent.log', log_group_name: 'amazon-ssm-agent', log_stream_name: '{instance_id}' },
        ],
      },
    },
  },
};

const NGINX_AGENT_CONFIG = {
  ...LINUX_AGENT_CONFIG,
  logs: {
    logs_collected: {
      files: {
        collect_list: [
          ...LINUX_AGENT_CONFIG.logs.logs_collected.files.collect_list,
          { file_path: '/var/log/nginx/access.log', log_group_name: 'nginx-access', log_stream_name: '{instance_id}', retention_in_days: 14 },
          { file_path: '/var/log/nginx/error.log', log_group_name: 'nginx-error', log_stream_name: '{instance_id}', retention_in_days: 30 },
        ],
      },
    },
  },
};

/** The training account's parameters at start. */
export const SEED_PARAMETERS: ReadonlyArray<SeedParameter> = [
  { name: 'AmazonCloudWatch-linux', type: 'String', value: JSON.stringify(LINUX_AGENT_CONFIG, null, 2), description: 'CloudWatch agent configuration for Linux nodes' },
  { name: 'AmazonCloudWatch-windows', type: 'String', value: JSON.stringify(WINDOWS_AGENT_CONFIG, null, 2), description: 'CloudWatch agent configuration for Windows nodes' },
  { name: '/capstan/cloudwatch/linux-web', type: 'String', value: JSON.stringify(NGINX_AGENT_CONFIG, null, 2), description: 'CloudWatch agent configuration for the nginx web tier' },
  { name: '/capstan/runbooks/maintenance-window', type: 'String', value: 'Sun 02:00-05:00 UTC', description: 'When disruptive runbooks may run' },
  { name: '/capstan/runbooks/oncall-contacts', type: 'StringList', value: 'noc-primary@example.com,noc-secondary@example.com', description: 'Who is paged when a runbook fails' },
  { name: '/capstan/web/db-password', type: 'SecureString', value: 'training-only-Zq7!vR2m', description: 'Database password of the training web tier' },
];
