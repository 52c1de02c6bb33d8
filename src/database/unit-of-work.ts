import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { runInTransaction } from './transaction';

/**
 * One transaction across repositories: each repository method that writes takes the `tx` this
 * hands out, so services never touch the DataSource themselves.
 */
@Injectable()
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return runInTransaction(this.dataSource, work);
  }
}
