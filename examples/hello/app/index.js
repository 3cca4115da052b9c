/** A one-file HTTP app: every container port answers with a greeting naming the pod that served it. */
export default {
  fetch(request, env) {
    const { pathname } = new URL(request.url);
    return new Response(`Hello from ${env.KUBE.podName} (${env.KUBE.namespace}) at ${pathname}\n`);
  },
};
