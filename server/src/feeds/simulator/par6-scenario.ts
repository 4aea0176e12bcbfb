/**
 * The 2025-03-03 PAR6 power outage (../shared/seeds), as data for the built-in simulator.
 * Times are minutes after 14:55 CET, when power was lost. Entries are the post-mortem's
 * timeline table verbatim; metric keyframes follow the figures it gives (2.8k VMs missing
 * at 15:49, 1.3k at 17:31, 12 RAID rebuilds at 15:02, Pulsar's connection limit hit at
 * 15:56, HEALTH_OK at 20:48) and interpolate between them; a named figure holds for a minute.
 */
import type { IncidentStatus } from '#shared/incident';
import type { Component, EntryKind } from '#shared/timeline';

export const scenario = {
  title: 'PAR6 power outage — EU-FR-1 (simulated replay of 2025-03-03)',
  timeZone: 'Europe/Paris',
  /** The replay runs from shortly before the outage to after the last entry. */
  startMinute: -5,
  endMinute: 390,
} as const;

type ScenarioEntry = [minute: number, seedTime: string, component: Component, kind: Exclude<EntryKind, 'status'>, text: string];

/** In time order: the replay posts them in this order. */
export const entries: ScenarioEntry[] = [
  [0, '14:55', 'Infrastructure', 'note', "Power outage at PAR6 (Green Data) data center"],
  [1, '14:56', 'Load Balancers', 'note', "Monitoring advertises the loss of a load balancer - 1st event"],
  [1, '14:56', 'Infrastructure', 'note', "Monitoring shows a global incident reporting many unavailabilities"],
  [2, '14:57', 'Infrastructure', 'note', "Infrastructure team opens a crisis conference"],
  [3, '14:58', 'Infrastructure', 'note', "Power is back, servers and network equipment are restarting (confirmed later by data center incident report)"],
  [3, '14:58', 'Customers', 'note', "Support team received notification from external monitoring and customers that some websites are down (Console, admin, etc.)"],
  [3, '14:58', 'Customers', 'note', "Tech team reported that GitLab is also unavailable"],
  [3, '14:58', 'Infrastructure', 'note', "Tech team created an incident canal #incident-03-03-2025"],
  [5, '15:00', 'Infrastructure', 'note', "Infrastructure team summoned others on call teams and members on canal #incident-03-03-2025"],
  // Not in the seed's table, which only says statuses were published on the status page.
  [6, '15:01', 'Customers', 'comms', 'Status page incident published: https://www.clevercloudstatus.com/incidents/959'],
  [7, '15:02', 'Infrastructure', 'note', "Hypervisors and network equipment have rebooted"],
  [7, '15:02', 'Infrastructure', 'note', "Several PAR6 hypervisors (12 of them) are indicating that their RAID array are rebuilding"],
  [10, '15:05', 'Infrastructure', 'note', "Reporting that AZ Monitoring is under heavy load"],
  [11, '15:06', 'Infrastructure', 'note', "Infrastructure team confirmed that we have retrieved every hypervisors on PAR6 since at least 4 minutes to 6 minutes"],
  [13, '15:08', 'Network', 'note', "A network provider hosted in PAR6 reports 2 powerline cuts"],
  [15, '15:10', 'Infrastructure', 'note', "Report from one of our network provider confirming the electrical outage"],
  [19, '15:14', 'Messaging', 'note', "Pulsar is back up online"],
  [19, '15:14', 'Observability', 'note', "Pulsar in-memory observability didn't restart properly"],
  [23, '15:18', 'Observability', 'note', "Pulsar in-memory observability is online"],
  [24, '15:19', 'Infrastructure', 'note', "A RabbitMQ node came back to the cluster after we fixed the communication between the hypervisor and the queue"],
  [32, '15:27', 'DBaaS', 'note', "Main addon databases clusters is correctly restarting"],
  [32, '15:27', 'DBaaS', 'note', "Check the availability of internal databases clusters"],
  [34, '15:29', 'DBaaS', 'note', "DBaaS team start to handle manually all ciphered databases which are still down (due to an unavailabilty of the addon provider APIs)"],
  [35, '15:30', 'Infrastructure', 'note', "Seeing a lot of WireGuard connectivity issues on multiple distributed clusters"],
  [35, '15:30', 'Infrastructure', 'decision', "Asked to priorise GitLab databases restarts"],
  [38, '15:33', 'Infrastructure', 'note', "Some hypervisors are overloaded, probably due to Vector/Telegraf not being able to push data to Warp10/Pulsar. Started to list all VMs with CPU load > 1 to relieve the infrastructure"],
  [42, '15:37', 'Infrastructure', 'note', "Check if Ceph/Cellar are okay. Some daemons seem to hang and 1/4 of OSD are still down on PAR6, requests are served correctly"],
  [43, '15:38', 'DBaaS', 'decision', "Asked DBaaS team to prioritize Clever Cloud's GitLab databases"],
  [43, '15:38', 'Infrastructure', 'action', "Listed all applications with VMs CPU load > 1, starting to kill them to relieve the infrastructure"],
  [47, '15:42', 'DBaaS', 'note', "Databases reboot are still lock on some Hypervisor due to a network issue"],
  [47, '15:42', 'Infrastructure', 'action', "Fixed a network setup issue on a specific Hypervisor"],
  [50, '15:45', 'Messaging', 'action', "Listed all GitLab and Premium services databases for DBaaS team"],
  [50, '15:45', 'Observability', 'decision', "A global maintenance is set on all monitoring servers in EU-FR-1 to avoid flooding the Orchestration core API with redeploy events"],
  [50, '15:45', 'DBaaS', 'decision', "Asked to reboot PostgreSQL add-on provider in priority"],
  [54, '15:49', 'Deployments', 'note', "We lacked 2.8k VMs on the infrastructure"],
  [57, '15:52', 'Infrastructure', 'note', "Some deployments are failing on PAR6 due to unbound on some HV not restarted, no DNS available"],
  [59, '15:54', 'Observability', 'note', "See timeouts on Vector logs when connecting to Pulsar"],
  [60, '15:55', 'Infrastructure', 'action', "Unlock first HVs to allow databases reboot (HV iptables rules)"],
  [61, '15:56', 'Messaging', 'note', "We hit the max connections threshold on Pulsar"],
  [61, '15:56', 'Infrastructure', 'note', "Vector logs timeouts fixed, by corrective iptables on hypervisor"],
  [64, '15:59', 'Infrastructure', 'action', "All Hypervisor iptables generated are restored on PAR6 HVs and services have been restarted"],
  [65, '16:00', 'DBaaS', 'note', "Can now repair databases down impacted by hypervisors network issues"],
  [68, '16:03', 'Infrastructure', 'note', "Connectivity issues due to conntrack issue (need to purge conntrack table)"],
  [70, '16:05', 'Customers', 'note', "Some load balancers are unsynced due to RabbitMQ crash"],
  [70, '16:05', 'Load Balancers', 'action', "Start the rolling restart of unsynced load balancers"],
  [71, '16:06', 'Infrastructure', 'note', "Some deployments are still failing on PAR6 due to WireGuard problems with the DNS recursor of the AZ, the recursor is dropped from unbound / resolv.conf of all PAR6 hypervisors"],
  [72, '16:07', 'Load Balancers', 'note', "For some applications it's not a load balancer issue, but the application have no instances running"],
  [73, '16:08', 'Infrastructure', 'action', "Dropped UDP conntracks on the hypervisor of PAR6 DNS recursor to recover WireGuard mesh topologies"],
  [84, '16:19', 'Messaging', 'note', "WireGuard issues on BookKeeper cluster for Pulsar"],
  [93, '16:28', 'Deployments', 'action', "Purge delayed alerts on Zabbix monitoring"],
  [95, '16:30', 'Deployments', 'action', "Restart all applications without any VMs"],
  [99, '16:34', 'DBaaS', 'note', "Elasticsearch add-ons repair is locked due to the unavailability of our LDAP"],
  [99, '16:34', 'Deployments', 'action', "Reboot of Keycloack"],
  [107, '16:42', 'Customers', 'note', "Nodes of Couchbase have been reintroduced in their cluster"],
  [110, '16:45', 'Infrastructure', 'action', "Finished killing overloaded VMs"],
  [112, '16:47', 'Deployments', 'action', "Stop instances that are blocked and have failed their deployments and redeploy the application"],
  [112, '16:47', 'Deployments', 'action', "Fix a Ruby error on bastion that prevent to redeploy application"],
  [123, '16:58', 'Deployments', 'note', "Stacking semaphores in BDS Orchestrator"],
  [123, '16:58', 'Infrastructure', 'note', "Network issue on Warp10 FoundationDB"],
  [125, '17:00', 'Deployments', 'decision', "Disabled HA replication of some queues to speed up RabbitMQ"],
  [142, '17:17', 'DBaaS', 'note', "Recovery of our LDAP enable an Elasticsearch add-ons recovery"],
  [143, '17:18', 'Load Balancers', 'action', "Restart all add-on providers to be able to properly reload last load balancers"],
  [145, '17:20', 'Load Balancers', 'action', "End the rolling restart of all impacted load balancers at Clever Cloud"],
  [153, '17:28', 'Observability', 'note', "Zabbix on PAR8 back in action"],
  [156, '17:31', 'Deployments', 'note', "Still 1.3k VMs to deploy"],
  [160, '17:35', 'Infrastructure', 'note', "Two FoundationDB's VMs could not be started because the NVMe was unavailable"],
  [162, '17:37', 'Deployments', 'decision', "Increased concurrent deployments from 300 to 400 to increase recovery speed"],
  [175, '17:50', 'Observability', 'action', "Cleaning up old hosts in Paris Monitoring to avoid sending too much outdated monitoring events"],
  [182, '17:57', 'Observability', 'note', "Zabbix on PAR7 back in action"],
  [185, '18:00', 'Deployments', 'action', "Started to restart all applications still seen as unavailable by Monitoring"],
  [190, '18:05', 'Infrastructure', 'action', "Restart Sydney orchestration that are unsynced"],
  [190, '18:05', 'Observability', 'note', "Zabbix on PAR6 back in action"],
  [203, '18:18', 'Infrastructure', 'action', "Force to stop all VMs in stopping status"],
  [230, '18:45', 'Observability', 'decision', "Remove the maintenance mode of Monitoring"],
  [238, '18:53', 'Deployments', 'action', "Deploy last application in failing deployment state"],
  [239, '18:54', 'Infrastructure', 'note', "Investigating under-replicated Kafka partitions on Warp10"],
  [240, '18:55', 'DBaaS', 'note', "All databases are up and running"],
  [245, '19:00', 'DBaaS', 'note', "Some Elasticsearch are down again (due to an heavy resources usage on recovery)"],
  [256, '19:11', 'Deployments', 'action', "Finished to restart all applications still seen as unavailable by Zabbix"],
  [257, '19:12', 'Infrastructure', 'action', "Starting to recover the Ceph cluster, 2 physical machines don't have any network, one has a network configuration issue"],
  [261, '19:16', 'Infrastructure', 'action', "Start the recovery of Ceph cluster"],
  [268, '19:23', 'Core APIs', 'action', "Restart of Logs API"],
  [280, '19:35', 'DBaaS', 'note', "All add-ons are OK"],
  [330, '20:25', 'Infrastructure', 'note', "All Ceph machines are correctly restarted, cluster is recovering 0.3% of degraded objects"],
  [353, '20:48', 'Infrastructure', 'note', "Ceph cluster has recovered degraded objects, HEALTH_OK"],
  [385, '21:20', 'DBaaS', 'note', "Last replica down identified was rebuid"],
];

export const statusChanges: [minute: number, status: IncidentStatus][] = [
  [15, 'identified'], // 15:10: a provider confirms the electrical outage
  [280, 'monitoring'], // 19:35: all add-ons OK
  [385, 'resolved'], // 21:20: last replica rebuilt
];

/** [minute, value] keyframes; the value holds before the first and after the last. */
export type Keyframes = [minute: number, value: number][];

export const metrics: Record<string, Keyframes> = {
  'deploy.queue': [[0, 4], [7, 150], [35, 900], [50, 600], [54, 1200], [95, 2100], [123, 1900], [156, 1300], [162, 1250], [185, 900], [238, 120], [256, 0], [260, 3]],
  'vms.missing': [[0, 0], [1, 1500], [7, 2400], [54, 2800], [55, 2800], [95, 2500], [156, 1300], [157, 1300], [200, 600], [256, 0]],
  'raid.rebuilding': [[6, 0], [7, 12], [60, 12], [90, 9], [150, 5], [200, 2], [240, 0]],
  'ceph.health': [[0, 0], [0.5, 1], [352, 1], [353, 0]],
  'ceph.osds_total': [[0, 48]],
  'ceph.osds_up': [[0, 48], [0.5, 0], [7, 20], [42, 36], [261, 36], [285, 40], [330, 48]],
  'ceph.degraded_pct': [[0, 0], [5, 25], [42, 24], [261, 22], [330, 0.3], [353, 0]],
  'pulsar.connection_limit': [[0, 50000]],
  'pulsar.connections': [[0, 38000], [1, 0], [19, 0], [20, 12000], [61, 50000], [66, 50000], [90, 46000], [150, 41000], [200, 38000]],
  'alerts.firing': [[0, 3], [2, 420], [45, 380], [50, 40], [229, 40], [230, 180], [256, 20], [353, 2], [385, 0]],
};
