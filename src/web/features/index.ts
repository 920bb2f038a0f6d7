import type { FastifyInstance } from 'fastify'
import { showPupilRoutes } from './pupils/show/routes.js'
import { accessHistoryRoutes } from './pupils/access-history/routes.js'
import { subjectAccessRoutes } from './pupils/subject-access/routes.js'
import { adminRetentionRoutes } from './admin/retention/routes.js'
import { adminRetentionSettingsRoutes } from './admin/retention/settings/routes.js'
import { adminDeletePupilRoutes } from './admin/retention/pupils/delete/routes.js'
import { adminAuditRoutes } from './admin/audit/routes.js'
import { newPupilRoutes } from './pupils/new/routes.js'
import { editPupilRoutes } from './pupils/edit/routes.js'
import { pupilLeavingRoutes } from './pupils/leaving/routes.js'
import { newEpisodeRoutes } from './pupils/episodes/new/routes.js'
import { correctEpisodeRoutes } from './pupils/episodes/correct/routes.js'
import { withdrawEpisodeRoutes } from './pupils/episodes/withdraw/routes.js'
import { newPlacementChangeRoutes } from './pupils/episodes/placement-changes/new/routes.js'
import { newContactRoutes } from './pupils/contacts/new/routes.js'
import { editContactRoutes } from './pupils/contacts/edit/routes.js'
import { newStaffRoutes } from './pupils/staff/new/routes.js'
import { removeStaffRoutes } from './pupils/staff/remove/routes.js'
import { tasksRoutes } from './tasks/routes.js'
import { taskDoneRoutes } from './tasks/done/routes.js'
import { adminIndexRoutes } from './admin/routes.js'
import { adminSchoolsRoutes } from './admin/schools/routes.js'
import { adminNewSchoolRoutes } from './admin/schools/new/routes.js'
import { adminShowSchoolRoutes } from './admin/schools/show/routes.js'
import { adminCalendarRoutes } from './admin/schools/calendar/routes.js'
import { adminUsersRoutes } from './admin/users/routes.js'
import { adminNewUserRoutes } from './admin/users/new/routes.js'
import { adminLocalAuthoritiesRoutes } from './admin/local-authorities/routes.js'
import { adminNewLaRoutes } from './admin/local-authorities/new/routes.js'
import { adminEditLaRoutes } from './admin/local-authorities/edit/routes.js'
import { governorsPdfRoutes } from './governors/pdf/routes.js'
import { governorsRoutes } from './governors/routes.js'
import { governorsStatusRoutes } from './governors/status/routes.js'
import { governorsWordsRoutes } from './governors/words/routes.js'
import { accountRoutes } from './account/routes.js'
import { accountTwoFactorRoutes } from './account/two-factor/routes.js'
import { adminShowUserRoutes } from './admin/users/show/routes.js'
import { adminUserRoleRoutes } from './admin/users/role/routes.js'
import { adminUserResetLinkRoutes } from './admin/users/reset-link/routes.js'
import { adminUserAccessRoutes } from './admin/users/access/routes.js'
import { accountSessionsRoutes } from './account/sessions/routes.js'
import { pupilFundingRoutes } from './pupils/funding/routes.js'
import { newAllocationRoutes } from './pupils/funding/allocations/new/routes.js'
import { newReleaseRoutes } from './pupils/funding/releases/new/routes.js'
import { newSpendRoutes } from './pupils/funding/spends/new/routes.js'
import { spendImpactRoutes } from './pupils/funding/spends/impact/routes.js'
import { adminRatesRoutes } from './admin/pupil-premium-plus-rates/routes.js'
import { resetPasswordRoutes } from './reset-password/routes.js'
import { pupilPepsRoutes } from './pupils/peps/routes.js'
import { newPepRoutes } from './pupils/peps/new/routes.js'
import { editPepRoutes } from './pupils/peps/edit/routes.js'
import { pepSectionRoutes } from './pupils/peps/edit/section/routes.js'
import { checkPepRoutes } from './pupils/peps/check/routes.js'
import { showPepRoutes } from './pupils/peps/show/routes.js'
import { decidePepRoutes } from './pupils/peps/decision/routes.js'
import { pepPdfRoutes } from './pupils/peps/pdf/routes.js'
import { pepDashboardRoutes } from './peps/routes.js'
import { virtualSchoolSettingsRoutes } from './virtual-school/settings/routes.js'
import { pupilAttendanceRoutes } from './pupils/attendance/routes.js'
import { supportPlanRoutes } from './pupils/attendance/support-plans/routes.js'
import { partTimeTimetableRoutes } from './pupils/attendance/part-time-timetables/routes.js'
import { adjustmentRoutes } from './pupils/attendance/adjustments/routes.js'
import { schoolAttendanceRoutes } from './attendance/routes.js'
import { attendanceImportRoutes } from './attendance/import/routes.js'
import { governanceRoutes } from './governance/routes.js'
import { governanceRolesRoutes } from './schools/governance/roles/routes.js'
import { newAppointmentRoutes } from './schools/governance/roles/new/routes.js'
import { endAppointmentRoutes } from './schools/governance/roles/end/routes.js'
import { editAppointmentRoutes } from './schools/governance/roles/edit/routes.js'
import { governanceTrainingRoutes } from './schools/governance/training/routes.js'
import { newTrainingSessionRoutes } from './schools/governance/training/new/routes.js'
import { policyShortcutRoutes } from './policy/routes.js'
import { schoolPolicyRoutes } from './schools/policy/routes.js'
import { schoolPolicyPdfRoutes } from './schools/policy/pdf/routes.js'
import { acknowledgePolicyRoutes } from './schools/policy/acknowledge/routes.js'
import { policyAcknowledgementsRoutes } from './schools/policy/acknowledgements/routes.js'
import { policyDraftRoutes } from './schools/policy/draft/routes.js'
import { policySectionRoutes } from './schools/policy/draft/section/routes.js'
import { ratifyPolicyRoutes } from './schools/policy/ratify/routes.js'
import { pupilSuspensionsRoutes } from './pupils/suspensions/routes.js'
import { newSuspensionRoutes } from './pupils/suspensions/new/routes.js'
import { checkSuspensionRoutes } from './pupils/suspensions/new/check/routes.js'
import { showSuspensionRoutes } from './pupils/suspensions/show/routes.js'
import { suspensionDecisionRoutes } from './pupils/suspensions/decisions/routes.js'
import { suspensionObligationRoutes } from './pupils/suspensions/obligations/routes.js'
import { atRiskRoutes } from './pupils/suspensions/at-risk/routes.js'
import { riskAssessmentRoutes } from './pupils/suspensions/risk-assessments/routes.js'
import { offSiteDirectionRoutes } from './pupils/suspensions/off-site-directions/routes.js'
import { managedMoveRoutes } from './pupils/suspensions/managed-moves/routes.js'
import { suspensionOverviewRoutes } from './suspensions/routes.js'
import { suspensionSettingsRoutes } from './schools/suspension-settings/routes.js'

/** Every page after sign-in and the register; pages added by later features register here too. */
export async function featureRoutes(app: FastifyInstance): Promise<void> {
  for (const routes of [
    showPupilRoutes,
    accessHistoryRoutes,
    subjectAccessRoutes,
    adminRetentionRoutes,
    adminRetentionSettingsRoutes,
    adminDeletePupilRoutes,
    adminAuditRoutes,
    newPupilRoutes,
    editPupilRoutes,
    pupilLeavingRoutes,
    newEpisodeRoutes,
    correctEpisodeRoutes,
    withdrawEpisodeRoutes,
    newPlacementChangeRoutes,
    newContactRoutes,
    editContactRoutes,
    newStaffRoutes,
    removeStaffRoutes,
    tasksRoutes,
    taskDoneRoutes,
    adminIndexRoutes,
    adminSchoolsRoutes,
    adminNewSchoolRoutes,
    adminShowSchoolRoutes,
    adminCalendarRoutes,
    adminUsersRoutes,
    adminNewUserRoutes,
    adminLocalAuthoritiesRoutes,
    adminNewLaRoutes,
    adminEditLaRoutes,
    governorsRoutes,
    governorsWordsRoutes,
    governorsStatusRoutes,
    governorsPdfRoutes,
    accountRoutes,
    accountTwoFactorRoutes,
    adminShowUserRoutes,
    adminUserRoleRoutes,
    adminUserResetLinkRoutes,
    adminUserAccessRoutes,
    accountSessionsRoutes,
    pupilFundingRoutes,
    newAllocationRoutes,
    newReleaseRoutes,
    newSpendRoutes,
    spendImpactRoutes,
    adminRatesRoutes,
    resetPasswordRoutes,
    pupilPepsRoutes,
    newPepRoutes,
    editPepRoutes,
    pepSectionRoutes,
    checkPepRoutes,
    showPepRoutes,
    decidePepRoutes,
    pepPdfRoutes,
    pepDashboardRoutes,
    virtualSchoolSettingsRoutes,
    governanceRoutes,
    governanceRolesRoutes,
    newAppointmentRoutes,
    endAppointmentRoutes,
    editAppointmentRoutes,
    governanceTrainingRoutes,
    newTrainingSessionRoutes,
    policyShortcutRoutes,
    schoolPolicyRoutes,
    schoolPolicyPdfRoutes,
    acknowledgePolicyRoutes,
    policyAcknowledgementsRoutes,
    policyDraftRoutes,
    policySectionRoutes,
    ratifyPolicyRoutes,
    pupilSuspensionsRoutes,
    newSuspensionRoutes,
    checkSuspensionRoutes,
    showSuspensionRoutes,
    suspensionDecisionRoutes,
    suspensionObligationRoutes,
    atRiskRoutes,
    riskAssessmentRoutes,
    offSiteDirectionRoutes,
    managedMoveRoutes,
    suspensionOverviewRoutes,
    suspensionSettingsRoutes,
    pupilAttendanceRoutes,
    supportPlanRoutes,
    partTimeTimetableRoutes,
    adjustmentRoutes,
    schoolAttendanceRoutes,
    attendanceImportRoutes,
  ])
    await app.register(routes)
}
