package com.nimbus.incidents.projector.timeline;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A store whose {@code n}-th write (counted over every collection) goes half-way: the
 * first half of a bulk write's documents or writes are applied, then it throws, as a
 * write cut off by a failover or a lost connection does. Deletes and single-document
 * inserts and replacements are applied and then throw (the acknowledgement lost). Reads
 * and every other write pass through.
 */
class HalfFailingMongo extends MongoTemplate {

	private final AtomicInteger writes = new AtomicInteger();

	private volatile int failing = -1;

	HalfFailingMongo(MongoClient client, String database) {
		super(client, database);
	}

	/**
	 * Makes the {@code n}-th write from now (1 for the next) fail half-way; 0: none.
	 */
	void failWrite(int n) {
		this.writes.set(0);
		this.failing = n;
	}

	int writesSoFar() {
		return this.writes.get();
	}

	@Override
	@SuppressWarnings("unchecked")
	public MongoCollection<Document> getCollection(String name) {
		MongoCollection<Document> target = super.getCollection(name);
		return (MongoCollection<Document>) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { MongoCollection.class }, (proxy, method, args) -> {
					String called = method.getName();
					boolean write = called.equals("insertMany") || called.equals("bulkWrite")
							|| called.equals("deleteMany") || called.equals("insertOne") || called.equals("replaceOne");
					if (write && this.writes.incrementAndGet() == this.failing) {
						if (args[0] instanceof List<?> all) {
							args[0] = List.copyOf(all.subList(0, all.size() / 2));
							if (!all.subList(0, all.size() / 2).isEmpty()) {
								invoke(method, target, args);
							}
						}
						else {
							invoke(method, target, args);
						}
						throw new MongoException("injected: " + called + " on " + name + " cut off half-way");
					}
					return invoke(method, target, args);
				});
	}

	private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
