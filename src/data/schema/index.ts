export * from './schools.js'
export * from './pupils.js'
export * from './users.js'
export * from './work.js'
