import { formatDate } from '../../../../../domain/calendar/dates.js'
import {
  createPartTimeTimetable,
  endPartTimeTimetable,
  updatePartTimeTimetable,
} from '../../../../../services/part-time-timetables.service.js'
import { recordPages, runningRecord } from '../record-pages.js'
import { readTimetableForm, timetableValues } from './form.js'

/** DOMAIN.md ATT-16 (issue 5 item 4): part-time timetables: add, change (a review moves the dates on), end. */
export const partTimeTimetableRoutes = recordPages({
  section: 'part-time-timetables',
  paths: {
    add: '/pupils/:id/attendance/part-time-timetables/new',
    change: '/pupils/:id/attendance/part-time-timetables/:timetableId/edit',
    end: '/pupils/:id/attendance/part-time-timetables/:timetableId/end',
  },
  find: (context, params) =>
    runningRecord(context.partTimeTimetables, params.timetableId, 'active', 'part-time timetable'),
  form: {
    template: 'pupils/attendance/part-time-timetables/form.njk',
    title: { add: 'Add a part-time timetable', change: 'Change the part-time timetable' },
    // A looked-after child's timetable needs the Virtual School's and the social worker's agreement too.
    locals: (context) => ({ lookedAfter: context.lookedAfter }),
    blank: () => timetableValues(),
    valuesOf: (timetable) => timetableValues(timetable),
    read: readTimetableForm,
    add: createPartTimeTimetable,
    change: updatePartTimeTimetable,
    added: (t) => `Part-time timetable added, from ${formatDate(t.startDate)} to ${formatDate(t.endDate)}`,
    changed: 'Part-time timetable saved',
  },
  end: {
    template: 'pupils/attendance/part-time-timetables/end.njk',
    title: 'End the part-time timetable',
    date: { name: 'endedOn', label: 'date it ended' },
    locals: (timetable) => ({ timetable: { ...timetable, started: formatDate(timetable.startDate) } }),
    save: (ctx, actor, pupilId, timetable, version, ended) =>
      endPartTimeTimetable(ctx, actor, pupilId, timetable.id, version, {
        endedOn: ended.on,
        outcome: ended.outcome,
      }),
    ended: 'Part-time timetable ended',
  },
})
