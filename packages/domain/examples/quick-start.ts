// Quick start: the order service's rules running on the in-memory fakes, no database needed.
import { createOrderService } from "@orders/domain";
import { createInMemoryPorts } from "@orders/domain/testing";

export async function main() {
  // 1. Ports: every adapter the use cases need, here the in-memory fakes with a fixed clock.
  const ports = createInMemoryPorts();
  const warehouse = ports.db.addWarehouse({ name: "Main" });
  const pen = ports.db.addProduct({ sku: "PEN-1", name: "Pen", priceCents: 250 });
  await ports.stock.adjust(warehouse.id, pen.id, 10);
  const customer = ports.db.addUser({
    email: "ann@example.com",
    phone: null,
    role: "customer",
    passwordHash: await ports.hasher.hash("s3cret"),
  });

  // 2. The service: one object holding every use case, wired over those ports.
  const service = createOrderService(ports, { reservationTtlSeconds: 300 });

  // 3. Log in, check out (reserves 3 pens for 5 minutes) and pay (the reservation becomes a sale).
  const { token } = await service.logIn.execute({ emailOrPhone: "ann@example.com", password: "s3cret" });
  const actor = await ports.tokens.verify(token);
  const order = await service.placeOrder.execute({ actor, items: [{ productId: pen.id, quantity: 3 }] });
  const paid = await service.payOrder.execute({ actor, orderId: order.id });

  const [product] = await service.listProducts.execute();
  return {
    customerId: customer.id,
    orderId: paid.id,
    status: paid.status, // "paid"
    totalCents: paid.totalCents, // 750
    available: product?.available, // 7
  };
}
