import { z } from 'zod';

// Imported first by main.tsx: the contract's schemas (which also check forms here) decide when they
// are built whether to compile a fast path with `new Function`, which the CSP forbids — each probe
// is a reported violation. So zod is told before any schema exists.
z.config({ jitless: true });
