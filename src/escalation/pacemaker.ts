// via: pacemaker. psv runs as a Pacemaker resource through its OCF agent, whose
// monitor action is psv health: once psv stands by a failover, health exits 4
// and Pacemaker's own policy moves the resource (action report). Actions fail
// and ban also tell Pacemaker at once, through crm_resource.
import { hostname } from 'node:os';
import type { FailoverConfig } from '../config/types.js';
import type { EscalationRequest } from '../engine/escalation-port.js';
import { FailoverSetupError, type FailoverAdapter, type FailoverPlan } from './adapter.js';

export class PacemakerAdapter implements FailoverAdapter {
  readonly via = 'pacemaker';

  constructor(
    private readonly settings: FailoverConfig['pacemaker'],
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  plan(_request: EscalationRequest): FailoverPlan {
    const { action, crmResource } = this.settings;
    if (action === 'report') return { argv: null };
    // The OCF agent passes the resource's id to the monitor it starts.
    const resource = this.settings.resource ?? this.env.OCF_RESOURCE_INSTANCE;
    if (!resource) throw new FailoverSetupError('no Pacemaker resource: set monitor.failover.pacemaker.resource, or start psv through its OCF agent (OCF_RESOURCE_INSTANCE)');
    if (action === 'ban') return { argv: [crmResource, '--ban', '--resource', resource] };
    // Pacemaker names a node after its host unless corosync's nodelist says otherwise; the agent's environment knows.
    const node = this.settings.node ?? this.env.OCF_RESKEY_CRM_meta_on_node ?? hostname();
    return { argv: [crmResource, '--fail', '--resource', resource, '--node', node] };
  }
}
