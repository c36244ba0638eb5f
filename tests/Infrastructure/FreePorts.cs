using System.Net;
using System.Net.Sockets;

namespace Journal.Tests.Infrastructure;

/// <summary>Loopback ports no one listens on, handed out once each in this process (silo and gateway ports of test hosts).</summary>
public static class FreePorts
{
    private static int s_next = 41_000 + Environment.ProcessId % 100 * 100;

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
