// Copyright (c) The terraform-provider-eg Authors
// SPDX-License-Identifier: MPL-2.0

package xds

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"slices"
	"sort"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discoveryv3 "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/protobuf/types/known/anypb"
)

// ServerName is the name the fleet's bootstrap requires in the xDS server's
// certificate (a subject alternative name of certgen's envoy-gateway
// certificate).
const ServerName = "envoy-gateway"

// DialFunc opens the connection to the xDS server; the test bed's reaches
// into the controller's network namespace.
type DialFunc func(ctx context.Context, addr string) (net.Conn, error)

// Served is the raw configuration the server sent, by type URL and name.
type Served struct {
	resources map[string]map[string]*anypb.Any
	// Missing names the route configurations and cluster load assignments
	// the listeners and clusters refer to that the server did not send
	// before the context ended.
	Missing []string
}

// Fetch opens one delta ADS stream to addr as a member of fleet f, asks for
// every listener and cluster, then for the route configurations and
// endpoints they name, acknowledging each response as Envoy does. It
// returns once everything named has arrived; when ctx ends first, it
// returns what arrived with the rest in Missing, or an error when not even
// the listeners came (the controller has no configuration for that fleet).
func Fetch(ctx context.Context, dial DialFunc, addr string, f *Fleet) (*Served, error) {
	creds, err := clientTLS(f)
	if err != nil {
		return nil, err
	}
	conn, err := grpc.NewClient("passthrough:///"+addr,
		grpc.WithTransportCredentials(credentials.NewTLS(creds)),
		grpc.WithContextDialer(dial))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	streamCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := discoveryv3.NewAggregatedDiscoveryServiceClient(conn).DeltaAggregatedResources(streamCtx)
	if err != nil {
		return nil, fmt.Errorf("open the delta ADS stream to %s: %w", addr, err)
	}
	s := &session{stream: stream, served: &Served{resources: map[string]map[string]*anypb.Any{}},
		answered: map[string]bool{}, subscribed: map[string]map[string]bool{}}
	node := &corev3.Node{Id: f.NodeID, Cluster: f.Cluster, UserAgentName: "xdsdump"}
	// The node goes on the first message only (set_node_on_first_message_only).
	if err := stream.Send(&discoveryv3.DeltaDiscoveryRequest{Node: node, TypeUrl: resourcev3.ListenerType}); err != nil {
		return nil, fmt.Errorf("send to %s: %w", addr, err)
	}
	if err := stream.Send(&discoveryv3.DeltaDiscoveryRequest{TypeUrl: resourcev3.ClusterType}); err != nil {
		return nil, fmt.Errorf("send to %s: %w", addr, err)
	}
	return s.run(ctx, f)
}

// clientTLS is the fleet's side of the mutual TLS: its certificate, the CA
// it trusts, the server name it requires, TLS 1.3 at most (as the
// bootstrap) and at least (as the server).
func clientTLS(f *Fleet) (*tls.Config, error) {
	cert, err := tls.X509KeyPair(f.Cert, f.Key)
	if err != nil {
		return nil, fmt.Errorf("the fleet's client certificate: %w", err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(f.CA) {
		return nil, errors.New("the fleet's CA certificate does not parse")
	}
	return &tls.Config{
		Certificates: []tls.Certificate{cert},
		RootCAs:      roots,
		ServerName:   ServerName,
		MinVersion:   tls.VersionTLS13,
		MaxVersion:   tls.VersionTLS13,
	}, nil
}

type session struct {
	stream     discoveryv3.AggregatedDiscoveryService_DeltaAggregatedResourcesClient
	served     *Served
	answered   map[string]bool            // type URLs with at least one response
	subscribed map[string]map[string]bool // named subscriptions per type URL
}

func (s *session) run(ctx context.Context, f *Fleet) (*Served, error) {
	responses := make(chan *discoveryv3.DeltaDiscoveryResponse)
	failed := make(chan error, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			r, err := s.stream.Recv()
			if err != nil {
				failed <- err
				return
			}
			select {
			case responses <- r:
			case <-stop:
				return
			}
		}
	}()
	for {
		select {
		case r := <-responses:
			if err := s.take(r); err != nil {
				return nil, err
			}
			if s.complete() {
				return s.served, nil
			}
		case err := <-failed:
			return nil, fmt.Errorf("the xDS server closed the stream of node %s (cluster %s): %w", f.NodeID, f.Cluster, err)
		case <-ctx.Done():
			if !s.answered[resourcev3.ListenerType] {
				return nil, fmt.Errorf("the xDS server sent no listeners for cluster %q (%s) before %v: it has no configuration for that fleet yet", f.Cluster, f.Workload, ctx.Err())
			}
			s.served.Missing = s.missing()
			return s.served, nil
		}
	}
}

// take stores a response, acknowledges it, and subscribes to the route
// configurations or endpoints that new listeners or clusters name.
func (s *session) take(r *discoveryv3.DeltaDiscoveryResponse) error {
	byName := s.served.resources[r.TypeUrl]
	if byName == nil {
		byName = map[string]*anypb.Any{}
		s.served.resources[r.TypeUrl] = byName
	}
	for _, res := range r.Resources {
		byName[res.Name] = res.Resource
	}
	for _, name := range r.RemovedResources {
		delete(byName, name)
	}
	s.answered[r.TypeUrl] = true
	if err := s.stream.Send(&discoveryv3.DeltaDiscoveryRequest{TypeUrl: r.TypeUrl, ResponseNonce: r.Nonce}); err != nil {
		return fmt.Errorf("acknowledge %s: %w", r.TypeUrl, err)
	}
	var want []string
	var typ string
	switch r.TypeUrl {
	case resourcev3.ListenerType:
		typ = resourcev3.RouteType
		listeners, err := s.served.Listeners()
		if err != nil {
			return err
		}
		want = routeConfigNames(listeners)
	case resourcev3.ClusterType:
		typ = resourcev3.EndpointType
		clusters, err := s.served.Clusters()
		if err != nil {
			return err
		}
		want = edsNames(clusters)
	default:
		return nil
	}
	return s.subscribe(typ, want)
}

func (s *session) subscribe(typ string, names []string) error {
	if s.subscribed[typ] == nil {
		s.subscribed[typ] = map[string]bool{}
	}
	var fresh []string
	for _, n := range names {
		if !s.subscribed[typ][n] {
			s.subscribed[typ][n] = true
			fresh = append(fresh, n)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	sort.Strings(fresh)
	if err := s.stream.Send(&discoveryv3.DeltaDiscoveryRequest{TypeUrl: typ, ResourceNamesSubscribe: fresh}); err != nil {
		return fmt.Errorf("subscribe to %s %v: %w", typ, fresh, err)
	}
	return nil
}

// complete: listeners and clusters answered, and every named subscription
// served.
func (s *session) complete() bool {
	return s.answered[resourcev3.ListenerType] && s.answered[resourcev3.ClusterType] && len(s.missing()) == 0
}

func (s *session) missing() []string {
	var out []string
	for typ, names := range s.subscribed {
		for n := range names {
			if _, ok := s.served.resources[typ][n]; !ok {
				out = append(out, typeName(typ)+" "+n)
			}
		}
	}
	slices.Sort(out)
	return out
}

func typeName(typeURL string) string {
	switch typeURL {
	case resourcev3.RouteType:
		return "route configuration"
	case resourcev3.EndpointType:
		return "endpoints of"
	}
	return typeURL
}
