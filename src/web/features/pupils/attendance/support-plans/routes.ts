import { formatDate } from '../../../../../domain/calendar/dates.js'
import {
  closeSupportPlan,
  createSupportPlan,
  updateSupportPlan,
} from '../../../../../services/attendance-plans.service.js'
import { recordPages, runningRecord } from '../record-pages.js'
import { planValues, readSupportPlanForm } from './form.js'

/** Issue 5 item 4, POL-15: attendance support plans: add, change, and close with an outcome. */
export const supportPlanRoutes = recordPages({
  section: 'support-plans',
  paths: {
    add: '/pupils/:id/attendance/support-plans/new',
    change: '/pupils/:id/attendance/support-plans/:planId/edit',
    end: '/pupils/:id/attendance/support-plans/:planId/close',
  },
  find: (context, params) =>
    runningRecord(context.supportPlans, params.planId, 'open', 'attendance support plan'),
  form: {
    template: 'pupils/attendance/support-plans/form.njk',
    title: { add: 'Add an attendance support plan', change: 'Change the attendance support plan' },
    blank: (context) => planValues(undefined, context.today),
    valuesOf: (plan) => planValues(plan),
    read: readSupportPlanForm,
    add: createSupportPlan,
    change: updateSupportPlan,
    added: (plan) => `Support plan added. Its review is due on ${formatDate(plan.reviewDate)}`,
    changed: 'Support plan saved',
  },
  end: {
    template: 'pupils/attendance/support-plans/close.njk',
    title: 'Close the attendance support plan',
    date: { name: 'closedOn', label: 'date the plan closed' },
    locals: (plan) => ({ plan: { ...plan, started: formatDate(plan.startedOn) } }),
    save: (ctx, actor, pupilId, plan, version, closed) =>
      closeSupportPlan(ctx, actor, pupilId, plan.id, version, {
        outcome: closed.outcome,
        closedOn: closed.on,
      }),
    ended: 'Support plan closed',
  },
})
