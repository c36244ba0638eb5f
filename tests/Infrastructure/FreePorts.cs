using System.Net;
using System.Net.Sockets;

namespace Journal.Tests.Infrastructure;

/// <summary>Loopback ports no one listens on, handed out once each in this process (silo and gateway ports of test hosts).</summary>
public static class FreePorts
{
    // Below Linux's ephemeral range (32768-60999): a client polling a port in that range before its
    // server listens can be given the same port as its source and connect to itself, and the server
    // then cannot bind it.
    private static int s_next = 20_000 + Environment.ProcessId % 100 * 100;

    public static int Next()
    {
        while (true)
        {
            var port = Interlocked.Increment(ref s_next);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try the next one.
            }
        }
    }
}
