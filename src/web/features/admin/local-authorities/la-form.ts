import type { LocalAuthorityInput } from '../../../../services/schools.service.js'
import { text, type FormBody } from '../../../forms.js'

export type LaFormValues = {
  code: string
  name: string
  virtualSchoolName: string
  virtualSchoolEmail: string
  virtualSchoolPhone: string
  virtualSchoolWebsite: string
  version: string
}

export function valuesFromLa(la: {
  code: string
  name: string
  virtualSchoolName: string | null
  virtualSchoolEmail: string | null
  virtualSchoolPhone: string | null
  virtualSchoolWebsite: string | null
  version: number
}): LaFormValues {
  return {
    code: la.code,
    name: la.name,
    virtualSchoolName: la.virtualSchoolName ?? '',
    virtualSchoolEmail: la.virtualSchoolEmail ?? '',
    virtualSchoolPhone: la.virtualSchoolPhone ?? '',
    virtualSchoolWebsite: la.virtualSchoolWebsite ?? '',
    version: String(la.version),
  }
}

export function readLaForm(
  body: FormBody,
  code: string,
): { values: LaFormValues; input: LocalAuthorityInput } {
  const values: LaFormValues = {
    code,
    name: text(body, 'name'),
    virtualSchoolName: text(body, 'virtualSchoolName'),
    virtualSchoolEmail: text(body, 'virtualSchoolEmail'),
    virtualSchoolPhone: text(body, 'virtualSchoolPhone'),
    virtualSchoolWebsite: text(body, 'virtualSchoolWebsite'),
    version: text(body, 'version'),
  }
  const { version: _version, ...input } = values
  return { values, input }
}
