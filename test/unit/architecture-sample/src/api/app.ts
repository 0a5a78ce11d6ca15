/** The HTTP app of the sample tree (see architecture.test.ts). */
export const app = 'app';
