/** FastAPI "Response - Change Status Code": 200 by default, 201 when the handler creates. */
import type { FastifyInstance } from 'fastify';

const taskParams = {
  type: 'object',
  properties: { taskId: { type: 'string', minLength: 1, maxLength: 200 } },
  required: ['taskId'],
} as const;

export async function statusCodeRoutes(app: FastifyInstance) {
  // Per app instance, so two servers in one process never share tasks.
  const tasks = new Map<string, string>([['foo', 'Listen to the Bar Fighters']]);

  app.put<{ Params: { taskId: string } }>('/get-or-create-task/:taskId', { schema: { params: taskParams } }, async (request, reply) => {
    // The body is a JSON string; Fastify would send a bare string as text/plain.
    reply.type('application/json');
    const existing = tasks.get(request.params.taskId);
    if (existing !== undefined) return JSON.stringify(existing);
    tasks.set(request.params.taskId, "This didn't exist before");
    reply.code(201);
    return JSON.stringify("This didn't exist before");
  });
}
